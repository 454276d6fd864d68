#ifndef NEWSINGEST_CCURL_SHIM_H
#define NEWSINGEST_CCURL_SHIM_H
#include <curl/curl.h>
#endif
