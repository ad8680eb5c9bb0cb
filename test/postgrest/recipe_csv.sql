-- The CSV forms of the calls (SPEC §6).
GRANT EXECUTE ON FUNCTION incoming_call_log.get_list_csv(json, json, json, integer, integer),
                          incoming_call_log.get_item_csv(text, json),
                          incoming_call_log.count_csv(json) TO icl_api;
