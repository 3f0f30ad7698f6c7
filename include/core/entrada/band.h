/*
 * Badge bands: the coloured strip that tells a speaker from the press at a
 * glance, with its word. Each category present gets a label and a colour:
 * from a [bands] line of the configuration if one matches it, else by what
 * the category is (speaker, press, staff and VIP are recognised in English,
 * Spanish and German, "Ponente", "Presse"), else from a default palette in
 * order of the categories' size, the largest (the general attendees) in a
 * neutral light grey. The palette's colours are told apart by readers with
 * any common colour blindness and, for the roles and the neutral band, in
 * grey print too (their lightness lies at least 15 L* apart).
 *
 * A [bands] line is PATTERN = [COLOUR] [, LABEL] [, LANG: LABEL ...]: a
 * category, or a pattern with '*' ("Speaker*"), matched case, accents and
 * punctuation aside; COLOUR #rrggbb or a palette name (black, blue,
 * vermillion, sky, grey, green, purple, yellow, orange); LABEL the word
 * printed, per language ("es: Ponente"). The older [badge] colours
 * (WORD:#rrggbb, ...) are read as [bands] lines after those.
 */
#ifndef ENTRADA_BAND_H
#define ENTRADA_BAND_H

#include "entrada/config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* One category's band. */
struct band {
    const char *label; /* the word printed, in the badge's language */
    uint32_t rgb;      /* 0xRRGGBB */
    bool dark_text;    /* the band is light: its word is printed dark */
};

/* A category present and how many hold it. */
struct band_category {
    const char *category;
    int64_t count;
};

struct bands;

/*
 * The bands for the categories present (copied), labels in language
 * ("en", "es", "de"; others fall back to English), following cfg's
 * [bands] lines.
 */
struct bands *bands_create(const struct config *cfg, const struct band_category *present, size_t n,
                           const char *language);
void bands_destroy(struct bands *b);

struct store;
/*
 * The same for the categories of st's active attendees, labels in [kiosk]
 * language; NULL with *why if the store cannot be read.
 */
struct bands *bands_from_store(const struct config *cfg, struct store *st, char **why);

/* The band of category ("" for none); the pointers stay valid while b does. */
struct band bands_for(struct bands *b, const char *category);

/* The bands in use as [bands] lines, with where each came from, for `entrada config`. */
void bands_print(struct bands *b, FILE *out);

#endif
