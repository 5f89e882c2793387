/* The floor the CSV reader is measured against (docs/performance.md): one core, read the
 * file, split it at commas and line ends (no quotes), and give each field of each column a
 * dictionary code from an open-addressing hash table, as cjnb's reader does for text. It makes
 * no table and checks nothing: what a reader cannot do in less time.
 *
 * usage: split FILE.csv    prints rows, columns and distinct values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOTS = 1 << 20 };

typedef struct { const char *text; uint32_t length; uint32_t code; uint64_t hash; } entry;

static entry table[SLOTS];
static uint32_t used;

static uint64_t hash(const char *s, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  uint64_t tail = 0;
  for (; i < n; i++) tail = tail << 8 | (unsigned char)s[i];
  h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

static uint32_t intern(const char *s, size_t n) {
  uint64_t h = hash(s, n);
  size_t slot = h & (SLOTS - 1);
  for (;;) {
    entry *e = &table[slot];
    if (!e->text) {
      e->text = s, e->length = (uint32_t)n, e->hash = h, e->code = used;
      return used++;
    }
    if (e->hash == h && e->length == n && memcmp(e->text, s, n) == 0) return e->code;
    slot = (slot + 1) & (SLOTS - 1);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 1;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc(size + 1);
  if (!data || fread(data, 1, size, f) != (size_t)size) return 1;
  fclose(f);
  size_t rows = 0, columns = 0, column = 0;
  uint32_t *codes = malloc(sizeof(uint32_t) * (size / 2 + 1));
  size_t ncodes = 0;
  const char *start = data, *end = data + size;
  for (const char *p = data; p < end; p++) {
    if (*p == ',' || *p == '\n') {
      codes[ncodes++] = intern(start, p - start);
      column++;
      if (*p == '\n') {
        if (column > columns) columns = column;
        column = 0;
        rows++;
      }
      start = p + 1;
    }
  }
  printf("%zu rows, %zu columns, %u distinct values, %zu cells\n", rows, columns, used, ncodes);
  return 0;
}
