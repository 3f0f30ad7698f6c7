/* The chart's title: the event, "Attendance" and its days, in the configured language. */
#include "check.h"
#include "entrada/chart.h"

int main(void)
{
    setenv("TZ", "Europe/Madrid", 1);
    char *why = NULL;
    struct i18n *es = i18n_open(LOCALE_DIR, "es", &why);
    struct i18n *en = i18n_open(LOCALE_DIR, "en", &why);
    CHECK_STR(i18n_lang(es), "es");
    const int64_t t = 1773302709000; /* 2026-03-12 08:05:09 UTC, 09:05 in Madrid */
    char *title = chart_title(es, "Jornada", true, t, t + 3600000);
    CHECK_STR(title, "Jornada · Asistencia · 12 de marzo de 2026");
    free(title);
    title = chart_title(en, "Jornada", true, t, t + 3600000);
    CHECK_STR(title, "Jornada · Attendance · 12 March 2026");
    free(title);
    /* Two days; the date is the local one (23:30 UTC on the 12th is the 13th in Madrid). */
    title = chart_title(es, "", true, t, 1773358200000);
    CHECK_STR(title, "Asistencia · del 12 de marzo de 2026 al 13 de marzo de 2026");
    free(title);
    title = chart_title(en, "", true, t, 1773358200000);
    CHECK_STR(title, "Attendance · 12 March 2026 to 13 March 2026");
    free(title);
    /* Nobody came yet: no days to give. */
    title = chart_title(en, "Jornada", false, 0, 0);
    CHECK_STR(title, "Jornada · Attendance");
    free(title);
    i18n_close(es);
    i18n_close(en);
    free(why);
    return check_done("test_chart");
}
