/*
 * The attendance chart organisers put in their reports: for each session,
 * the arrivals per 15 minutes as bars, drawn with cairo and Pango into a
 * PNG, titled with the event's name and days and labelled in the
 * configured language ([kiosk] language).
 */
#ifndef ENTRADA_CHART_H
#define ENTRADA_CHART_H

#include "entrada/config.h"
#include "entrada/i18n.h"
#include "entrada/report.h"
#include "entrada/store.h"

#include <stdbool.h>
#include <stdio.h>

/* Sessions drawn at most; the chart says how many more there are. */
#define CHART_MAX_SESSIONS 8

/*
 * Write the chart of the arrivals a (as report_arrivals reads them, n
 * sessions) as a PNG to f, titled with [entrada] event_name.
 */
bool chart_write_png(const struct report_arrivals *a, size_t n, const struct config *cfg, FILE *f,
                     char **why);

/*
 * The chart's title (a new string) in tr's language: "Jornada · Asistencia
 * · 12 de marzo de 2026"; event may be ""; the days (first_ms to last_ms,
 * local) only if any arrivals.
 */
char *chart_title(const struct i18n *tr, const char *event, bool any, int64_t first_ms,
                  int64_t last_ms);

#endif
