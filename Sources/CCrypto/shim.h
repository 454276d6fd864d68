#ifndef NEWSINGEST_CCRYPTO_SHIM_H
#define NEWSINGEST_CCRYPTO_SHIM_H
// OpenSSL's libcrypto (Debian's libssl-dev), for SHA-256: libcurl links it already.
#include <openssl/evp.h>
#endif
