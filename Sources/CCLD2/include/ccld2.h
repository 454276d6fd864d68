#ifndef NEWSINGEST_CCLD2_H
#define NEWSINGEST_CCLD2_H

#ifdef __cplusplus
extern "C" {
#endif

/// One language guess from CLD2.
typedef struct ni_cld2_guess {
    char code[16];      ///< ISO 639-1 code where one exists ("id", "zh", "zh-Hant"), "un" when unknown
    int percent;        ///< share of the text's letters in this language, 0..100
    double normalized_score;  ///< CLD2's score relative to normal text of that language
} ni_cld2_guess;

/// The result of one detection: the top three languages and CLD2's reliability flag.
typedef struct ni_cld2_result {
    ni_cld2_guess top[3];
    int is_reliable;    ///< 1 when the first guess is clearly ahead of the second
    int text_bytes;     ///< letters CLD2 actually scored
    int valid_utf8;     ///< 0 when the input was not valid UTF-8 (then nothing was detected)
} ni_cld2_result;

/// A run of the input in one language (byte offsets into the input).
typedef struct ni_cld2_chunk {
    int offset;
    int bytes;
    char code[16];  ///< "un" when CLD2 could not tell
} ni_cld2_chunk;

/// Detects the language of plain UTF-8 text.
/// `content_language_hint` ("id", "mi,en") and `tld_hint` ("vn") may be NULL.
/// Thread-safe: CLD2 keeps no mutable global state.
void ni_cld2_detect(const char *_Nonnull utf8, int length,
                    const char *_Nullable content_language_hint,
                    const char *_Nullable tld_hint,
                    ni_cld2_result *_Nonnull result);

/// The same, also filling up to `capacity` language runs into `chunks` (their number goes to
/// `chunk_count`), so callers can tell the language of each part of a mixed text in one pass.
void ni_cld2_detect_chunks(const char *_Nonnull utf8, int length,
                           const char *_Nullable content_language_hint,
                           const char *_Nullable tld_hint,
                           ni_cld2_result *_Nonnull result,
                           ni_cld2_chunk *_Nullable chunks, int capacity, int *_Nonnull chunk_count);

#ifdef __cplusplus
}
#endif

#endif
