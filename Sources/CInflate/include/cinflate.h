// Unpacking a zip member's deflate data with zlib, bounded on both sides.
#ifndef CJNB_INFLATE_H
#define CJNB_INFLATE_H

#include <stddef.h>
#include <stdint.h>

enum {
  /// The stream ended where it says it ends, having filled `*written` bytes.
  CJNB_INFLATE_DONE = 0,
  /// The stream fills all `capacity` bytes without reaching its end (give one byte more room
  /// than the member should need: a stream that fills it is longer than its directory says).
  CJNB_INFLATE_TOO_LONG = 1,
  /// The bytes are not a deflate stream (zlib's message is in `*message`).
  CJNB_INFLATE_DAMAGED = 2,
  /// The input ran out before the stream's end marker.
  CJNB_INFLATE_CUT_OFF = 3,
  /// zlib could not get memory for its state.
  CJNB_INFLATE_NO_MEMORY = 4,
};

/// Inflates the raw deflate stream `input[0..<length]` (no zlib or gzip header, as a zip member
/// holds it) into `output`, which has room for `capacity` bytes. Reads no byte past `length` and
/// writes none past `capacity`, whatever the input holds, so it ends on any input. Sets
/// `*written` to the bytes written and, when it returns CJNB_INFLATE_DAMAGED, `*message` to
/// zlib's static description (or NULL).
int cjnb_inflate_raw(const uint8_t *input, size_t length, uint8_t *output, size_t capacity,
                     size_t *written, const char **message);

/// The CRC-32 a zip's directory records for a member's unpacked bytes.
uint32_t cjnb_crc32(const uint8_t *bytes, size_t length);

#endif
