/*
 * Bands: a label and a colour per category, from [bands] lines, the roles
 * entrada recognises, or the default palette by size. See band.h.
 */
#include "entrada/band.h"
#include "entrada/store.h"
#include "entrada/text.h"
#include "entrada/xmalloc.h"

#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * The palette (config.c names its colours for [bands] lines), chosen
 * from colours that people with protanopia,
 * deuteranopia or tritanopia still tell apart (Okabe and Ito), at
 * lightnesses (CIE L*) that grey print keeps apart: black 10, blue 32,
 * vermillion 54, sky 70, grey 91. The extra colours, for categories beyond
 * the roles, are told apart by hue and by their word.
 */
static const uint32_t NEUTRAL = 0xe3e5e8;
static const uint32_t extras[] = { 0x009e73, 0xcc79a7, 0xf0e442 };

enum { LANGS = CONFIG_BAND_LANGS };
static const char *const languages[LANGS] = { "en", "es", "de" };

/* What a category may be, by the words of its name (folded). */
static const struct role {
    const char *name;
    uint32_t rgb;
    const char *label[LANGS];
    const char *words[24];
} roles[] = {
    { "vip",
      0x1b1b1b,
      { "VIP", "VIP", "VIP" },
      { "vip", "vvip", "ehrengast", "ehrengaste", "autoridad", "autoridades", "honour", "honor",
        NULL } },
    { "speaker",
      0xd55e00,
      { "Speaker", "Ponente", "Referent/in" },
      { "speaker",   "speakers",   "keynote",    "panelist", "panellist",   "moderator",
        "presenter", "ponente",    "ponentes",   "orador",   "oradora",     "conferenciante",
        "panelista", "moderador",  "moderadora", "referent", "referentin",  "referenten",
        "sprecher",  "sprecherin", "redner",     "rednerin", "vortragende", NULL } },
    { "press",
      0x1f4e79,
      { "Press", "Prensa", "Presse" },
      { "press", "media", "journalist", "journalists", "prensa", "medios", "periodista",
        "periodistas", "presse", "journalistin", "medien", NULL } },
    { "staff",
      0x56b4e9,
      { "Staff", "Organización", "Team" },
      { "staff",      "crew",       "organiser",    "organisers",  "organizer",    "organizers",
        "volunteer",  "volunteers", "organizacion", "organizador", "organizadora", "organizadores",
        "voluntario", "voluntaria", "voluntarios",  "personal",    "equipo",       "mitarbeiter",
        "helfer",     "helferin",   "veranstalter", "orga",        "team",         NULL } },
    { "attendee",
      0xe3e5e8,
      { "Attendee", "Asistente", "Teilnehmer/in" },
      { "attendee", "attendees", "participant", "participants", "delegate", "delegates",
        "asistente", "asistentes", "participante", "participantes", "teilnehmer", "teilnehmerin",
        "teilnehmende", NULL } },
};
enum { ROLE_ATTENDEE = 4, ROLE_NONE = -1 };

/* One [bands] line and its pattern folded. */
struct rule {
    struct config_band line;
    char *pattern; /* folded, '*' kept */
    bool used;
};

/* One category's band, decided. */
struct entry {
    char *category;
    char *folded;
    int64_t count;
    struct band band;
    char *label; /* what band.label points to */
    const char *from;
};

struct bands {
    int lang; /* index into languages */
    struct rule *rules;
    size_t nrules;
    struct entry *e;
    size_t n;
    size_t next_extra;
    bool neutral_taken;
};

/* A pattern folded piece by piece, its '*' kept: "Speaker*" is "speaker*". */
static char *fold_pattern(const char *pattern)
{
    char *out = xstrdup("");
    const char *p = pattern;
    for (;;) {
        size_t n = strcspn(p, "*");
        char *piece = xstrndup(p, n), *f = text_fold(piece);
        char *joined = xasprintf("%s%s%s", out, f, p[n] == '*' ? "*" : "");
        free(piece);
        free(f);
        free(out);
        out = joined;
        if (p[n] != '*')
            return out;
        p += n + 1;
    }
}

/* The role a folded category name shows, or ROLE_NONE. */
static int role_of(const char *folded)
{
    if (folded[0] == '\0')
        return ROLE_ATTENDEE;
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
        const char *w = folded;
        while (*w) {
            size_t n = strcspn(w, " ");
            for (size_t i = 0; roles[r].words[i]; i++)
                if (strlen(roles[r].words[i]) == n && strncmp(w, roles[r].words[i], n) == 0)
                    return (int)r;
            w += n + (w[n] == ' ');
        }
    }
    return ROLE_NONE;
}

static bool light(uint32_t rgb)
{
    /* Light enough for dark text: relative luminance above about L* 60. */
    double c[3];
    for (int i = 0; i < 3; i++) {
        double v = (rgb >> (16 - 8 * i) & 255) / 255.0;
        c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
    }
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] > 0.28;
}

/* Decide the band of e (a category not seen before), its colour from the palette if need be. */
static void decide(struct bands *b, struct entry *e)
{
    int role = role_of(e->folded);
    const struct config_band *rule = NULL;
    for (size_t i = 0; i < b->nrules && rule == NULL; i++)
        if (fnmatch(b->rules[i].pattern, e->folded, 0) == 0) {
            rule = &b->rules[i].line;
            b->rules[i].used = true;
        }
    const char *label = NULL;
    if (rule && rule->lang_label[b->lang])
        label = rule->lang_label[b->lang];
    else if (rule && rule->label[0])
        label = rule->label;
    else if (role != ROLE_NONE)
        label = roles[role].label[b->lang]; /* "ATTENDEE" on a Spanish event is "Asistente" */
    if (label == NULL)
        label = e->category;
    e->label = xstrdup(label);
    if (rule && rule->has_colour) {
        e->band.rgb = rule->rgb;
        e->from = "[bands]";
    } else if (role != ROLE_NONE) {
        e->band.rgb = roles[role].rgb;
        e->from = roles[role].name;
        if (role == ROLE_ATTENDEE)
            b->neutral_taken = true;
    } else if (!b->neutral_taken) {
        /* The largest category that is no role: the general attendees, in the neutral band. */
        e->band.rgb = NEUTRAL;
        e->from = "the largest category";
        b->neutral_taken = true;
    } else if (b->next_extra < sizeof extras / sizeof extras[0]) {
        e->band.rgb = extras[b->next_extra++];
        e->from = "the palette, by size";
    } else {
        e->band.rgb = NEUTRAL;
        e->from = "neutral (the palette is used up)";
    }
    e->band.label = e->label;
    e->band.dark_text = light(e->band.rgb);
}

/* Add a copy of a [bands] line. */
static void add_rule(struct bands *b, const struct config_band *line)
{
    b->rules = xreallocarray(b->rules, b->nrules + 1, sizeof *b->rules);
    struct rule *r = &b->rules[b->nrules++];
    memset(r, 0, sizeof *r);
    r->line.pattern = xstrdup(line->pattern);
    r->line.value = xstrdup(line->value);
    r->line.has_colour = line->has_colour;
    r->line.rgb = line->rgb;
    r->line.label = xstrdup(line->label);
    for (int l = 0; l < LANGS; l++)
        r->line.lang_label[l] = line->lang_label[l] ? xstrdup(line->lang_label[l]) : NULL;
    r->pattern = fold_pattern(line->pattern);
}

static int by_size(const void *x, const void *y)
{
    const struct entry *a = x, *b = y;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->folded, b->folded);
}

struct bands *bands_create(const struct config *cfg, const struct band_category *present, size_t n,
                           const char *language)
{
    struct bands *b = xcalloc(1, sizeof *b);
    for (int l = 0; l < LANGS; l++)
        if (language && strncasecmp(language, languages[l], 2) == 0)
            b->lang = l;
    const struct config_band *line;
    for (size_t i = 0; (line = config_band(cfg, i)) != NULL; i++)
        add_rule(b, line);
    /* [badge] colours, the older form: "SPEAKER:#b3241c, PRESS:#1f4e79" (checked by badge.c). */
    char *colours = xstrdup(config_str(cfg, CONFIG_BADGE_COLOURS)), *save = NULL;
    for (char *part = strtok_r(colours, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        char word[64], hex[8];
        struct config_band cb;
        char *msg = NULL;
        if (sscanf(part, " %63[^:]:%7s", word, hex) != 2 ||
            (msg = config_band_parse(word, hex, &cb)) != NULL) {
            free(msg);
            continue;
        }
        add_rule(b, &cb);
        config_band_clear(&cb);
    }
    free(colours);
    b->e = xcalloc(n ? n : 1, sizeof *b->e);
    for (size_t i = 0; i < n; i++) {
        char *folded = text_fold(present[i].category);
        size_t j = 0;
        while (j < b->n && strcmp(b->e[j].folded, folded) != 0)
            j++;
        if (j < b->n) { /* "Speaker" and "SPEAKER" are one category */
            b->e[j].count += present[i].count;
            free(folded);
            continue;
        }
        b->e[b->n++] = (struct entry){ .category = xstrdup(present[i].category),
                                       .folded = folded,
                                       .count = present[i].count };
    }
    qsort(b->e, b->n, sizeof *b->e, by_size);
    for (size_t i = 0; i < b->n; i++)
        decide(b, &b->e[i]);
    return b;
}

void bands_destroy(struct bands *b)
{
    if (b == NULL)
        return;
    for (size_t i = 0; i < b->nrules; i++) {
        config_band_clear(&b->rules[i].line);
        free(b->rules[i].pattern);
    }
    free(b->rules);
    for (size_t i = 0; i < b->n; i++) {
        free(b->e[i].category);
        free(b->e[i].folded);
        free(b->e[i].label);
    }
    free(b->e);
    free(b);
}

struct band bands_for(struct bands *b, const char *category)
{
    char *folded = text_fold(category ? category : "");
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->e[i].folded, folded) == 0) {
            free(folded);
            return b->e[i].band;
        }
    /* A category that came after the bands were made: it takes its turn. */
    b->e = xreallocarray(b->e, b->n + 1, sizeof *b->e);
    struct entry *e = &b->e[b->n++];
    *e = (struct entry){ .category = xstrdup(category ? category : ""), .folded = folded };
    decide(b, e);
    return e->band;
}

void bands_print(struct bands *b, FILE *out)
{
    fprintf(out, "\n[bands]\n# CATEGORY (or pattern with *) = COLOUR, LABEL, LANG: LABEL, ...; "
                 "the bands in use:\n");
    for (size_t i = 0; i < b->n; i++) {
        const struct entry *e = &b->e[i];
        fprintf(out, "# %lld with this category; colour from %s\n", (long long)e->count, e->from);
        if (e->category[0])
            fprintf(out, "%s = #%06x, %s\n", e->category, (unsigned)e->band.rgb, e->label);
        else
            fprintf(out, "# (no category) #%06x, %s\n", (unsigned)e->band.rgb, e->label);
    }
    for (size_t i = 0; i < b->nrules; i++)
        if (!b->rules[i].used)
            fprintf(out, "# matches no category yet\n%s = %s\n", b->rules[i].line.pattern,
                    b->rules[i].line.value);
}

struct present {
    struct band_category *c;
    size_t n;
};

static bool handle_count(void *ctx, const struct store_count *c)
{
    struct present *p = ctx;
    if (c->registered == 0)
        return true;
    p->c = xreallocarray(p->c, p->n + 1, sizeof *p->c);
    p->c[p->n++] = (struct band_category){ xstrdup(c->label), c->registered };
    return true;
}

struct bands *bands_from_store(const struct config *cfg, struct store *st, char **why)
{
    struct present p = { 0 };
    struct bands *b = NULL;
    if (store_each_count(st, STORE_BY_CATEGORY, handle_count, &p, why))
        b = bands_create(cfg, p.c, p.n, config_str(cfg, CONFIG_LANGUAGE));
    for (size_t i = 0; i < p.n; i++)
        free((char *)p.c[i].category);
    free(p.c);
    return b;
}
