#include "ni_icu.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

int32_t ni_icu_word_count(const char *utf8, int32_t length, const char *locale) {
    UErrorCode status = U_ZERO_ERROR;
    UText *text = utext_openUTF8(NULL, utf8, length, &status);
    if (U_FAILURE(status)) return -1;
    UBreakIterator *breaker = ubrk_open(UBRK_WORD, locale ? locale : "", NULL, 0, &status);
    if (U_FAILURE(status)) {
        utext_close(text);
        return -1;
    }
    ubrk_setUText(breaker, text, &status);
    int32_t count = 0;
    if (U_SUCCESS(status)) {
        ubrk_first(breaker);
        while (ubrk_next(breaker) != UBRK_DONE) {
            // Rule status tells what the segment just passed is: skip spaces and punctuation.
            int32_t rule = ubrk_getRuleStatus(breaker);
            if (rule >= UBRK_WORD_NUMBER) count++;
        }
    } else {
        count = -1;
    }
    ubrk_close(breaker);
    utext_close(text);
    return count;
}
