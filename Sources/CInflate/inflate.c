#include "cinflate.h"

#include <string.h>
#include <zlib.h>

int cjnb_inflate_raw(const uint8_t *input, size_t length, uint8_t *output, size_t capacity,
                     size_t *written, const char **message) {
  z_stream stream;
  memset(&stream, 0, sizeof stream);
  *written = 0;
  *message = NULL;
  // Negative window bits: a raw stream, as zip members hold them.
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return CJNB_INFLATE_NO_MEMORY;
  size_t consumed = 0;
  size_t produced = 0;
  int status = CJNB_INFLATE_CUT_OFF;
  for (;;) {
    // zlib counts in 32-bit units: feed and drain in pieces of at most 1 GB.
    size_t in = length - consumed;
    size_t out = capacity - produced;
    if (in > (1u << 30)) in = 1u << 30;
    if (out > (1u << 30)) out = 1u << 30;
    stream.next_in = (Bytef *)(input + consumed);
    stream.avail_in = (uInt)in;
    stream.next_out = output + produced;
    stream.avail_out = (uInt)out;
    int result = inflate(&stream, Z_NO_FLUSH);
    size_t took = in - stream.avail_in;
    size_t gave = out - stream.avail_out;
    consumed += took;
    produced += gave;
    if (result == Z_STREAM_END) {
      status = CJNB_INFLATE_DONE;
      break;
    }
    if (result == Z_DATA_ERROR || result == Z_NEED_DICT || result == Z_STREAM_ERROR) {
      *message = stream.msg;
      status = CJNB_INFLATE_DAMAGED;
      break;
    }
    if (result == Z_MEM_ERROR) {
      status = CJNB_INFLATE_NO_MEMORY;
      break;
    }
    // Z_OK or Z_BUF_ERROR: zlib wants more input or more room. Each turn either moves bytes or
    // ends here, so the loop is bounded by the input and output lengths.
    if (produced == capacity) {
      // No room left and no end yet: the caller gives one byte more room than it expects, so a
      // stream that fills it is longer than it should be.
      status = CJNB_INFLATE_TOO_LONG;
      break;
    }
    if (took == 0 && gave == 0) {
      // No progress: the input is used up (or zlib will take no more of it) before the end.
      status = CJNB_INFLATE_CUT_OFF;
      break;
    }
  }
  *written = produced;
  inflateEnd(&stream);
  return status;
}

uint32_t cjnb_crc32(const uint8_t *bytes, size_t length) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (length > 0) {
    uInt piece = length > (1u << 30) ? (1u << 30) : (uInt)length;
    crc = crc32(crc, bytes, piece);
    bytes += piece;
    length -= piece;
  }
  return (uint32_t)crc;
}
