#ifndef NEWSINGEST_CSHIMS_H
#define NEWSINGEST_CSHIMS_H

#include <curl/curl.h>
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlmemory.h>
#include <stddef.h>

// ---- libcurl: typed faces of the variadic curl_easy_setopt / getinfo / multi_setopt ----

typedef size_t (*ni_curl_data_callback)(char *_Nonnull data, size_t size, size_t count,
                                        void *_Nullable userdata);
typedef int (*ni_curl_xferinfo_callback)(void *_Nullable userdata, curl_off_t dltotal,
                                         curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

CURLcode ni_curl_setopt_long(CURL *_Nonnull handle, CURLoption option, long value);
CURLcode ni_curl_setopt_off(CURL *_Nonnull handle, CURLoption option, curl_off_t value);
CURLcode ni_curl_setopt_string(CURL *_Nonnull handle, CURLoption option, const char *_Nullable value);
CURLcode ni_curl_setopt_pointer(CURL *_Nonnull handle, CURLoption option, void *_Nullable value);
CURLcode ni_curl_setopt_slist(CURL *_Nonnull handle, CURLoption option, struct curl_slist *_Nullable value);
CURLcode ni_curl_setopt_data_callback(CURL *_Nonnull handle, CURLoption option,
                                      ni_curl_data_callback _Nullable callback);
CURLcode ni_curl_setopt_xferinfo_callback(CURL *_Nonnull handle,
                                          ni_curl_xferinfo_callback _Nullable callback);

/// Sets CURLOPT_OPENSOCKETFUNCTION: every connection's resolved address passes through it.
CURLcode ni_curl_setopt_opensocket_callback(CURL *_Nonnull handle, curl_opensocket_callback _Nullable callback);

CURLcode ni_curl_getinfo_long(CURL *_Nonnull handle, CURLINFO info, long *_Nonnull value);
CURLcode ni_curl_getinfo_string(CURL *_Nonnull handle, CURLINFO info,
                                const char *_Nullable *_Nonnull value);
CURLcode ni_curl_getinfo_pointer(CURL *_Nonnull handle, CURLINFO info, void *_Nullable *_Nonnull value);

CURLMcode ni_curl_multi_setopt_long(CURLM *_Nonnull multi, CURLMoption option, long value);

/// The CURLcode carried by a CURLMSG_DONE message.
CURLcode ni_curl_msg_result(const CURLMsg *_Nonnull message);

/// Whether the linked libcurl was built with HTTP/2 (nghttp2).
int ni_curl_supports_http2(void);

// ---- libxml2 ----

/// xmlFree is a mutable global function pointer, which Swift 6 rejects; call it through here.
void ni_xml_free(void *_Nullable pointer);

/// Turns off libxml2's default error printing to stderr for the calling thread.
/// Parse errors are still available through the parser context.
void ni_xml_silence_errors(void);

// ---- crash journal (crash_journal.c) ----

/// Longest item key a worker slot holds.
#define NI_CRASH_SLOT_BYTES 2048

/// Installs handlers for SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT and SIGTRAP that append the
/// keys workers hold to `path` before the signal goes on to its previous action. Once per
/// process; 0 on success.
int ni_crash_journal_install(const char *_Nonnull path, int slots);
/// Gives the calling thread a slot (and a signal stack); its index, or -1 when none is left.
int ni_crash_slot_claim(void);
/// The item the calling thread now holds.
void ni_crash_slot_publish(const char *_Nullable bytes, size_t length);
/// The calling thread holds nothing.
void ni_crash_slot_clear(void);
/// Writes through a bad pointer: a crash only test builds ask for.
void ni_crash_for_tests(void);

// ---- per-page CPU budget (page_budget.c), per thread ----

/// Starts a budget of `seconds` of this thread's CPU time (0: none).
void ni_budget_start(double seconds);
/// Ends the budget; 1 when it was exceeded.
int ni_budget_stop(void);
/// 1 once the budget is used up (cheap: the clock is read on every 64th call).
int ni_budget_exceeded(void);

#endif
