/*
 * parse: text generation and parsing. A unit of scale writes a JSON
 * document of RECORDS generated records (integers, fixed-point decimals,
 * strings with escapes, nested arrays, booleans, null; about 3 KiB) into a
 * buffer with hand-written formatting, then tokenizes and parses it with a
 * recursive-descent parser that folds every value into the checksum.
 * Decimals are parsed exactly into integer thousandths: no floating point.
 */
#include "common.h"

#define DEFAULT_SCALE 3000
#define RECORDS 24
#define DOC_CAP 8192

/* ---- generation ---------------------------------------------------------- */

struct writer {
    char *buf;
    size_t len;
};

static void put_char(struct writer *w, char c)
{
    w->buf[w->len++] = c;
}

static void put_str(struct writer *w, const char *s)
{
    while (*s)
        put_char(w, *s++);
}

static void put_uint(struct writer *w, uint32_t v)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        put_char(w, digits[--n]);
}

static void put_int(struct writer *w, int32_t v)
{
    if (v < 0) {
        put_char(w, '-');
        put_uint(w, 0u - (uint32_t)v);
    } else {
        put_uint(w, (uint32_t)v);
    }
}

/* A decimal with 1 to 3 fractional digits, e.g. -12.375 or 4.5. */
static void put_decimal(struct writer *w, uint32_t *rng)
{
    uint32_t r = rng_next(rng);
    if (r & 1)
        put_char(w, '-');
    put_uint(w, (r >> 1) % 100000);
    put_char(w, '.');
    uint32_t places = 1 + (r >> 20) % 3;
    uint32_t frac = rng_next(rng);
    for (uint32_t i = 0; i < places; i++) {
        put_char(w, (char)('0' + frac % 10));
        frac /= 10;
    }
}

static void put_string(struct writer *w, uint32_t *rng)
{
    uint32_t len = 3 + rng_next(rng) % 12;
    put_char(w, '"');
    for (uint32_t i = 0; i < len; i++) {
        uint32_t r = rng_next(rng);
        if (r % 29 == 0) {
            put_str(w, (r >> 8) & 1 ? "\\\"" : "\\n");
        } else {
            put_char(w, (char)('a' + (r >> 8) % 26));
        }
    }
    put_char(w, '"');
}

static size_t generate(char *buf, uint32_t *rng)
{
    struct writer w = {buf, 0};
    put_str(&w, "[\n");
    for (int rec = 0; rec < RECORDS; rec++) {
        put_str(&w, rec ? ",\n  {" : "  {");
        put_str(&w, "\"id\": ");
        put_uint(&w, rng_next(rng));
        put_str(&w, ", \"name\": ");
        put_string(&w, rng);
        put_str(&w, ", \"score\": ");
        put_decimal(&w, rng);
        put_str(&w, ", \"deltas\": [");
        uint32_t n = rng_next(rng) % 8;
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                put_str(&w, ", ");
            put_int(&w, (int32_t)rng_next(rng) >> 12);
        }
        put_str(&w, "], \"pos\": [[");
        put_decimal(&w, rng);
        put_char(&w, ',');
        put_decimal(&w, rng);
        put_str(&w, "], null], \"ok\": ");
        put_str(&w, rng_next(rng) & 1 ? "true" : "false");
        put_char(&w, '}');
    }
    put_str(&w, "\n]\n");
    if (w.len >= DOC_CAP) {
        fprintf(stderr, "document overflow\n");
        exit(1);
    }
    buf[w.len] = '\0';
    return w.len;
}

/* ---- parsing ------------------------------------------------------------- */

struct parser {
    const char *p;
    uint32_t hash;     /* every value, in document order */
    int64_t int_sum;   /* integers */
    int64_t milli_sum; /* decimals, in thousandths */
    uint32_t values;
    int error;
};

static void skip_ws(struct parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r')
        ps->p++;
}

static void fail(struct parser *ps)
{
    ps->error = 1;
}

static void parse_value(struct parser *ps);

static void parse_string(struct parser *ps)
{
    ps->p++; /* opening quote */
    uint32_t h = 0x811c9dc5u, len = 0;
    for (;;) {
        char c = *ps->p++;
        if (c == '"')
            break;
        if (c == '\0') {
            ps->p--;
            fail(ps);
            return;
        }
        if (c == '\\') {
            char e = *ps->p++;
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
        }
        h = (h ^ (uint8_t)c) * 0x01000193u;
        len++;
    }
    ps->hash = mix32(mix32(ps->hash, h), len);
}

static void parse_number(struct parser *ps)
{
    int neg = 0;
    if (*ps->p == '-') {
        neg = 1;
        ps->p++;
    }
    if (*ps->p < '0' || *ps->p > '9') {
        fail(ps);
        return;
    }
    int64_t whole = 0;
    while (*ps->p >= '0' && *ps->p <= '9')
        whole = whole * 10 + (*ps->p++ - '0');
    if (*ps->p == '.') {
        ps->p++;
        int64_t milli = 0;
        int places = 0;
        while (*ps->p >= '0' && *ps->p <= '9') {
            if (places < 3) {
                milli = milli * 10 + (*ps->p - '0');
                places++;
            }
            ps->p++;
        }
        for (; places < 3; places++)
            milli *= 10;
        int64_t v = whole * 1000 + milli;
        v = neg ? -v : v;
        ps->milli_sum += v;
        ps->hash = mix64(ps->hash, (uint64_t)v);
    } else {
        int64_t v = neg ? -whole : whole;
        ps->int_sum += v;
        ps->hash = mix64(ps->hash, (uint64_t)v);
    }
}

static int expect_word(struct parser *ps, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(ps->p, word, n) != 0) {
        fail(ps);
        return 0;
    }
    ps->p += n;
    return 1;
}

static void parse_array(struct parser *ps)
{
    ps->p++;
    skip_ws(ps);
    uint32_t count = 0;
    if (*ps->p == ']') {
        ps->p++;
    } else {
        for (;;) {
            parse_value(ps);
            count++;
            skip_ws(ps);
            if (ps->error)
                return;
            if (*ps->p == ',') {
                ps->p++;
                continue;
            }
            if (*ps->p == ']') {
                ps->p++;
                break;
            }
            fail(ps);
            return;
        }
    }
    ps->hash = mix32(ps->hash, 0xa0000000u | count);
}

static void parse_object(struct parser *ps)
{
    ps->p++;
    skip_ws(ps);
    uint32_t count = 0;
    if (*ps->p == '}') {
        ps->p++;
    } else {
        for (;;) {
            skip_ws(ps);
            if (*ps->p != '"') {
                fail(ps);
                return;
            }
            parse_string(ps);
            skip_ws(ps);
            if (*ps->p++ != ':') {
                fail(ps);
                return;
            }
            parse_value(ps);
            count++;
            skip_ws(ps);
            if (ps->error)
                return;
            if (*ps->p == ',') {
                ps->p++;
                continue;
            }
            if (*ps->p == '}') {
                ps->p++;
                break;
            }
            fail(ps);
            return;
        }
    }
    ps->hash = mix32(ps->hash, 0xb0000000u | count);
}

static void parse_value(struct parser *ps)
{
    skip_ws(ps);
    ps->values++;
    switch (*ps->p) {
    case '{':
        parse_object(ps);
        break;
    case '[':
        parse_array(ps);
        break;
    case '"':
        parse_string(ps);
        break;
    case 't':
        if (expect_word(ps, "true"))
            ps->hash = mix32(ps->hash, 1);
        break;
    case 'f':
        if (expect_word(ps, "false"))
            ps->hash = mix32(ps->hash, 0);
        break;
    case 'n':
        if (expect_word(ps, "null"))
            ps->hash = mix32(ps->hash, 0xdead);
        break;
    default:
        parse_number(ps);
        break;
    }
}

int main(int argc, char **argv)
{
    uint32_t scale = bench_scale(argc, argv, DEFAULT_SCALE);
    char *doc = bench_alloc(DOC_CAP);
    uint32_t rng = 0x27d4eb2fu;
    uint32_t sum = 0;
    for (uint32_t unit = 0; unit < scale; unit++) {
        size_t len = generate(doc, &rng);
        struct parser ps = {doc, 0, 0, 0, 0, 0};
        parse_value(&ps);
        skip_ws(&ps);
        if (ps.error || *ps.p != '\0') {
            fprintf(stderr, "parse error at byte %zu of unit %" PRIu32 "\n",
                    (size_t)(ps.p - doc), unit);
            return 1;
        }
        sum = mix32(sum, ps.hash);
        sum = mix64(sum, (uint64_t)ps.int_sum);
        sum = mix64(sum, (uint64_t)ps.milli_sum);
        sum = mix32(mix32(sum, ps.values), (uint32_t)len);
    }
    bench_report("parse", scale, sum);
    free(doc);
    return 0;
}
