/*
 * trusted_names.h — the schemas the module's SQL names are the extension's
 * own (trusted_names.c says why and how).
 */
#ifndef ICL_TRUSTED_NAMES_H
#define ICL_TRUSTED_NAMES_H

/* Fails closed (55000) unless the extension's schemas are what their names say. */
extern void trusted_names_check(void);

/* trusted_names_check, then SPI_connect: every SPI session of the module starts here. */
extern void trusted_spi_connect(void);

/*
 * The schema the extension's objects live in (pg_extension's extnamespace),
 * whatever its name is now; InvalidOid when the extension is not installed.
 * For code that must reach the extension's own relations by oid even when
 * the names fail trusted_names_check (drop_guard.c).
 */
extern Oid	trusted_extension_schema(void);

#endif
