/*
 * The attendance chart organisers put in their reports: for each session,
 * the arrivals per 15 minutes as bars and the running total as a line,
 * drawn with cairo and Pango into a PNG.
 */
#ifndef ENTRADA_CHART_H
#define ENTRADA_CHART_H

#include "entrada/store.h"

#include <stdbool.h>
#include <stdio.h>

/* Sessions drawn at most; the chart says how many more there are. */
#define CHART_MAX_SESSIONS 8

/* Write the chart of st's arrivals as a PNG to f, titled with event (may be ""). */
bool chart_write_png(struct store *st, const char *event, FILE *f, char **why);

#endif
