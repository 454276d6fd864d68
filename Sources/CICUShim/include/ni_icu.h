#ifndef NEWSINGEST_ICU_SHIM_H
#define NEWSINGEST_ICU_SHIM_H
// ICU's word breaker behind a header that includes no ICU header: Foundation ships its own
// ICU module, and system ICU headers seen by Swift would clash with it.
#include <stdint.h>

/// Counts the words in UTF-8 text with ICU's dictionary-based word breaker (Thai, Lao, Khmer,
/// Myanmar, CJK), counting segments that are letters, ideographs or numbers.
/// Returns -1 if ICU fails.
int32_t ni_icu_word_count(const char *_Nonnull utf8, int32_t length, const char *_Nullable locale);

#endif
