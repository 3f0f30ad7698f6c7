/*
 * Workbooks through libxlsxwriter in constant-memory mode: each sheet's
 * rows go to a temporary file as they are written and the workbook is
 * zipped together at the end, into a temporary name beside the target
 * that is renamed into place once it is on disk.
 *
 * Writing the XML and compressing it costs as much as reading the rows
 * from the store, so a thread of the workbook's own does it: the caller's
 * rows are copied into blocks that the thread takes from a short queue
 * (a few blocks: memory stays small when the thread falls behind), and
 * only that thread calls libxlsxwriter once it has started.
 */
#include "entrada/workbook.h"
#include "entrada/csv.h"
#include "entrada/localtime.h"
#include "entrada/safefile.h"
#include "entrada/xmalloc.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zip.h> /* minizip's */

/*
 * libxlsxwriter deflates each part of a workbook at zlib's default level
 * and has no setting for it. For 100,000 attendees that takes 1.1 s, after
 * the last row, of an export's 3 s; zlib's fastest level takes 0.3 s, for a
 * file a fifth larger. The library adds each part through minizip's
 * zipOpenNewFileInZip4_64, and the program's own definition of a symbol
 * comes before a shared library's: this one asks minizip's for the fastest
 * level. (Against a libxlsxwriter that binds a minizip of its own, it is
 * never called and workbooks are only slower; tests/exports.sh reads the
 * level back from the file.)
 */
int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password, uLong crcForCrypting,
                            uLong versionMadeBy, uLong flagBase, int zip64)
{
    typedef int open_fn(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                        const void *, uInt, const char *, int, int, int, int, int, int,
                        const char *, uLong, uLong, uLong, int);
    open_fn *next;
    *(void **)&next = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (next == NULL)
        return ZIP_INTERNALERROR;
    if (level == Z_DEFAULT_COMPRESSION)
        level = Z_BEST_SPEED;
    return next(file, filename, zipfi, extrafield_local, size_extrafield_local, extrafield_global,
                size_extrafield_global, comment, method, level, raw, windowBits, memLevel, strategy,
                password, crcForCrypting, versionMadeBy, flagBase, zip64);
}

/* Widths, in characters, a fitted column keeps within. */
enum { MIN_WIDTH = 6, MAX_WIDTH = 60, MAX_SHEETS = 8 };
/* The blocks of rows handed to the thread: their size, and how many may wait. */
enum { BLOCK_SIZE = 1 << 20, MAX_QUEUED = 8 };

struct sheet {
    lxw_worksheet *ws;
    size_t ncols;
    lxw_row_t rows; /* written so far, the header's included */
    double *widths; /* the widest cell of each column, in characters */
};

/* Rows as the thread reads them: a record per row, sheet or image, one after another. */
struct block {
    struct block *next;
    size_t len;
    char data[];
};

enum record { RECORD_SHEET, RECORD_ROW, RECORD_IMAGE };

struct workbook {
    struct safefile *sf; /* holds the temporary name libxlsxwriter writes to */
    int nsheets;         /* added so far, as the caller counts them */

    /* The caller's side: the block being filled. */
    struct block *fill;

    /* Between the two. */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct block *head, *tail; /* queued for the thread */
    size_t queued;
    bool done;   /* no more blocks will come */
    bool cancel; /* the workbook is given up: write nothing more */
    pthread_t thread;

    /* The thread's side, and libxlsxwriter's. */
    lxw_workbook *xw;
    lxw_format *bold, *time;
    struct sheet sheet[MAX_SHEETS];
    int made; /* sheets made */
    struct localtime_cache clock;
    lxw_error error; /* of workbook_close */
};

/* Characters in the UTF-8 text s, up to MAX_WIDTH. */
static double text_width(const char *s, size_t len)
{
    double n = 0;
    for (size_t i = 0; i < len && n < MAX_WIDTH; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void widen(struct sheet *s, size_t col, double w)
{
    if (w > s->widths[col])
        s->widths[col] = w;
}

/* Write len bytes of text as a cell. */
static void put_text(struct sheet *s, size_t col, const char *text, size_t len, lxw_format *format)
{
    char small[256], *copy = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    worksheet_write_string(s->ws, s->rows, (lxw_col_t)col, copy, format);
    widen(s, col, text_width(copy, len));
    if (copy != small)
        free(copy);
}

/* The thread: read a record at p, return the end of it. */
static const char *play_sheet(struct workbook *wb, const char *p)
{
    size_t title_len, ncols;
    memcpy(&title_len, p, sizeof title_len);
    p += sizeof title_len;
    char title[64];
    snprintf(title, sizeof title, "%.*s", (int)title_len, p);
    p += title_len;
    memcpy(&ncols, p, sizeof ncols);
    p += sizeof ncols;
    struct sheet *s = &wb->sheet[wb->made++];
    s->ws = workbook_add_worksheet(wb->xw, title);
    if (s->ws == NULL)
        abort(); /* a duplicate or invalid title: a programming error */
    s->ncols = ncols;
    s->widths = xcalloc(ncols ? ncols : 1, sizeof *s->widths);
    for (size_t i = 0; i < ncols; i++) {
        size_t len;
        memcpy(&len, p, sizeof len);
        p += sizeof len;
        put_text(s, i, p, len, wb->bold);
        p += len;
    }
    if (ncols > 0) {
        s->rows = 1;
        worksheet_freeze_panes(s->ws, 1, 0);
    }
    return p;
}

static const char *play_row(struct workbook *wb, int sheet, const char *p)
{
    struct sheet *s = &wb->sheet[sheet];
    size_t n;
    memcpy(&n, p, sizeof n);
    p += sizeof n;
    for (size_t i = 0; i < n; i++) {
        unsigned char kind = (unsigned char)*p++;
        size_t len;
        double number;
        int64_t ms;
        switch (kind) {
        case WORKBOOK_EMPTY:
            break;
        case WORKBOOK_TEXT:
            memcpy(&len, p, sizeof len);
            p += sizeof len;
            if (s->rows < LXW_ROW_MAX)
                put_text(s, i, p, len, NULL);
            p += len;
            break;
        case WORKBOOK_NUMBER:
            memcpy(&number, p, sizeof number);
            p += sizeof number;
            if (s->rows < LXW_ROW_MAX)
                worksheet_write_number(s->ws, s->rows, (lxw_col_t)i, number, NULL);
            widen(s, i, 8);
            break;
        case WORKBOOK_TIME:
            memcpy(&ms, p, sizeof ms);
            p += sizeof ms;
            /* Days since 1899-12-30 on the local clock: Excel's date-time, time zone and all. */
            number = (double)localtime_secs(&wb->clock, ms) / 86400.0 + 25569.0;
            if (s->rows < LXW_ROW_MAX)
                worksheet_write_number(s->ws, s->rows, (lxw_col_t)i, number, wb->time);
            widen(s, i, 19);
            break;
        }
    }
    if (s->rows < LXW_ROW_MAX) /* Excel's last row: the CSV files hold the rest */
        s->rows++;
    return p;
}

static const char *play_image(struct workbook *wb, int sheet, const char *p)
{
    struct sheet *s = &wb->sheet[sheet];
    size_t len;
    memcpy(&len, p, sizeof len);
    p += sizeof len;
    worksheet_insert_image_buffer(s->ws, s->rows, 0, (const unsigned char *)p, len);
    return p + len;
}

/* Set the widths and filters, and write the file. */
static void finish(struct workbook *wb)
{
    for (int i = 0; i < wb->made; i++) {
        struct sheet *s = &wb->sheet[i];
        for (size_t c = 0; c < s->ncols; c++) {
            double w = s->widths[c] + 2;
            worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w < MIN_WIDTH ? MIN_WIDTH : w,
                                 NULL);
        }
        if (s->ncols > 0)
            worksheet_autofilter(s->ws, 0, 0, s->rows - 1, (lxw_col_t)(s->ncols - 1));
    }
    wb->error = workbook_close(wb->xw);
}

static void *handle_thread(void *arg)
{
    struct workbook *wb = arg;
    for (;;) {
        pthread_mutex_lock(&wb->lock);
        while (wb->head == NULL && !wb->done && !wb->cancel)
            pthread_cond_wait(&wb->changed, &wb->lock);
        struct block *b = wb->cancel ? NULL : wb->head;
        if (b) {
            wb->head = b->next;
            if (wb->head == NULL)
                wb->tail = NULL;
            wb->queued--;
            pthread_cond_signal(&wb->changed);
        }
        bool stop = b == NULL;
        pthread_mutex_unlock(&wb->lock);
        if (stop)
            break;
        for (const char *p = b->data, *end = b->data + b->len; p < end;) {
            unsigned char type = (unsigned char)*p++, sheet = (unsigned char)*p++;
            p = type == RECORD_SHEET ? play_sheet(wb, p)
                : type == RECORD_ROW ? play_row(wb, sheet, p)
                                     : play_image(wb, sheet, p);
        }
        free(b);
    }
    /* Given up: libxlsxwriter frees a workbook only by writing it; the caller removes it. */
    finish(wb);
    return NULL;
}

struct workbook *workbook_create(const char *dir, const char *name, char **why)
{
    struct safefile *sf = safefile_open(dir, name, why);
    if (sf == NULL)
        return NULL;
    lxw_workbook_options options = { .constant_memory = LXW_TRUE };
    lxw_workbook *xw = workbook_new_opt(safefile_path(sf), &options);
    if (xw == NULL) {
        *why = xasprintf("%s: cannot start the workbook", safefile_target(sf));
        safefile_abort(sf);
        return NULL;
    }
    struct workbook *wb = xcalloc(1, sizeof *wb);
    wb->sf = sf;
    wb->xw = xw;
    wb->clock = (struct localtime_cache)LOCALTIME_CACHE_INIT;
    wb->bold = workbook_add_format(xw);
    format_set_bold(wb->bold);
    wb->time = workbook_add_format(xw);
    format_set_num_format(wb->time, "yyyy-mm-dd hh:mm:ss");
    pthread_mutex_init(&wb->lock, NULL);
    pthread_cond_init(&wb->changed, NULL);
    if (pthread_create(&wb->thread, NULL, handle_thread, wb) != 0)
        abort(); /* no thread: out of resources, as out of memory */
    return wb;
}

/* Hand the block being filled to the thread, waiting while the queue is full. */
static void flush_block(struct workbook *wb)
{
    struct block *b = wb->fill;
    wb->fill = NULL;
    if (b == NULL)
        return;
    pthread_mutex_lock(&wb->lock);
    while (wb->queued >= MAX_QUEUED)
        pthread_cond_wait(&wb->changed, &wb->lock);
    if (wb->tail)
        wb->tail->next = b;
    else
        wb->head = b;
    wb->tail = b;
    wb->queued++;
    pthread_cond_signal(&wb->changed);
    pthread_mutex_unlock(&wb->lock);
}

/* Room for len more bytes in the block being filled. */
static char *reserve(struct workbook *wb, size_t len)
{
    if (wb->fill && wb->fill->len + len > BLOCK_SIZE)
        flush_block(wb);
    if (wb->fill == NULL) {
        size_t size = len > BLOCK_SIZE ? len : BLOCK_SIZE;
        wb->fill = xmalloc(sizeof *wb->fill + size);
        wb->fill->next = NULL;
        wb->fill->len = 0;
    }
    return wb->fill->data + wb->fill->len;
}

static void put(struct workbook *wb, const void *data, size_t len)
{
    memcpy(wb->fill->data + wb->fill->len, data, len);
    wb->fill->len += len;
}

/* Text as it goes into a cell: cut to Excel's limit, defused as the CSV files defuse it. */
static size_t cell_text(const char *text, bool *formula)
{
    size_t len = strlen(text);
    *formula = csv_formula_like(text);
    size_t max = WORKBOOK_MAX_TEXT - *formula;
    if (len > max) {
        len = max;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--; /* not in the middle of a character */
    }
    return len;
}

/* Append text (as cell_text makes it) as a length and bytes; room reserved by the caller. */
static void put_cell_text(struct workbook *wb, const char *text)
{
    bool formula;
    size_t len = cell_text(text, &formula), full = len + formula;
    put(wb, &full, sizeof full);
    if (formula)
        put(wb, "'", 1);
    put(wb, text, len);
}

/* The bytes put_cell_text takes for text (at most). */
static size_t cell_size(const char *text)
{
    bool formula;
    return sizeof(size_t) + 1 + cell_text(text, &formula);
}

/* A record stays in one block: the thread reads blocks one by one. */
int workbook_sheet(struct workbook *wb, const char *title, const char *const *header, size_t ncols)
{
    if (wb->nsheets == MAX_SHEETS)
        abort(); /* a programming error: the sheets are fixed */
    size_t title_len = strlen(title);
    unsigned char head[2] = { RECORD_SHEET, 0 };
    size_t size = sizeof head + sizeof title_len + title_len + sizeof ncols;
    for (size_t i = 0; i < ncols; i++)
        size += cell_size(header[i]);
    reserve(wb, size);
    put(wb, head, sizeof head);
    put(wb, &title_len, sizeof title_len);
    put(wb, title, title_len);
    put(wb, &ncols, sizeof ncols);
    for (size_t i = 0; i < ncols; i++)
        put_cell_text(wb, header[i]);
    return wb->nsheets++;
}

static bool is_text(const struct workbook_cell *c)
{
    return c->kind == WORKBOOK_TEXT && c->text && c->text[0];
}

void workbook_row(struct workbook *wb, int sheet, const struct workbook_cell *cells, size_t n)
{
    unsigned char head[2] = { RECORD_ROW, (unsigned char)sheet };
    size_t size = sizeof head + sizeof n;
    for (size_t i = 0; i < n; i++)
        size += 1 + (is_text(&cells[i]) ? cell_size(cells[i].text) : sizeof(int64_t));
    reserve(wb, size);
    put(wb, head, sizeof head);
    put(wb, &n, sizeof n);
    for (size_t i = 0; i < n; i++) {
        const struct workbook_cell *c = &cells[i];
        unsigned char kind = (unsigned char)c->kind;
        if (kind == WORKBOOK_TEXT && !is_text(c))
            kind = WORKBOOK_EMPTY;
        put(wb, &kind, 1);
        if (kind == WORKBOOK_TEXT)
            put_cell_text(wb, c->text);
        else if (kind == WORKBOOK_NUMBER)
            put(wb, &c->number, sizeof c->number);
        else if (kind == WORKBOOK_TIME)
            put(wb, &c->ms, sizeof c->ms);
    }
}

void workbook_image(struct workbook *wb, int sheet, const unsigned char *png, size_t len)
{
    unsigned char head[2] = { RECORD_IMAGE, (unsigned char)sheet };
    reserve(wb, sizeof head + sizeof len + len);
    put(wb, head, sizeof head);
    put(wb, &len, sizeof len);
    put(wb, png, len);
}

void workbook_end(struct workbook *wb)
{
    flush_block(wb);
    pthread_mutex_lock(&wb->lock);
    wb->done = true;
    pthread_cond_broadcast(&wb->changed);
    pthread_mutex_unlock(&wb->lock);
}

/* Stop the thread (after the queued blocks, or at once if cancel) and free wb; its error. */
static lxw_error stop(struct workbook *wb, bool cancel)
{
    if (!cancel)
        flush_block(wb);
    pthread_mutex_lock(&wb->lock);
    wb->done = true;
    wb->cancel = cancel;
    pthread_cond_broadcast(&wb->changed);
    pthread_mutex_unlock(&wb->lock);
    pthread_join(wb->thread, NULL);
    lxw_error error = wb->error;
    for (struct block *b = wb->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(wb->fill);
    for (int i = 0; i < wb->made; i++)
        free(wb->sheet[i].widths);
    pthread_cond_destroy(&wb->changed);
    pthread_mutex_destroy(&wb->lock);
    free(wb);
    return error;
}

bool workbook_commit(struct workbook *wb, char **why)
{
    struct safefile *sf = wb->sf;
    lxw_error rc = stop(wb, false);
    if (rc != LXW_NO_ERROR) {
        *why = xasprintf("%s: %s", safefile_target(sf), lxw_strerror(rc));
        safefile_abort(sf);
        return false;
    }
    return safefile_commit(sf, why);
}

void workbook_abort(struct workbook *wb)
{
    if (wb == NULL)
        return;
    struct safefile *sf = wb->sf;
    stop(wb, true);
    safefile_abort(sf);
}
