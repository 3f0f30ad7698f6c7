/*
 * Syncing with a USB stick, or with any directory standing in for one:
 * the attendee list comes in, other kiosks' journals are merged, and this
 * kiosk's exports go out to entrada-export/<kiosk>-<YYYYMMDD-HHMMSS>/.
 *
 * A stick is not trusted. Everything on it is opened relative to its top
 * directory without following symbolic links; only plain files are read,
 * each up to a size cap and checked whole before anything is changed; a
 * directory with too many entries is not searched. An export folder is
 * written under a hidden name and renamed only when every file in it is
 * on the stick, so a stick pulled halfway never carries a folder that
 * looks complete.
 *
 * The watcher (drop-watch.c) notices sticks: file systems mounted below
 * [usb] roots, and directories put into [usb] drop_dir.
 */
#ifndef ENTRADA_DROP_H
#define ENTRADA_DROP_H

#include "entrada/config.h"
#include "entrada/roster.h"
#include "entrada/store.h"

#include <stdbool.h>

/* A directory holding more entries than this is not searched. */
#define DROP_MAX_ENTRIES 10000

/*
 * A stick's list that would cancel more than this share (percent) of the
 * attendees is refused (see roster_options): the wrong event's list would
 * otherwise turn everyone away at the door.
 */
#define DROP_MAX_CANCEL_PERCENT 50

enum drop_step { DROP_FIND, DROP_IMPORT, DROP_MERGE, DROP_EXPORT };

/* Called on the thread running drop_run; for DROP_IMPORT done counts rows. */
typedef void drop_progress_fn(void *ctx, enum drop_step step, unsigned done, unsigned total);

struct drop_options {
    const struct config *cfg;
    const char *kiosk_id;
    bool staff;           /* staff opened this sync (the PIN, or the command line): the stick's
                             entrada/event.key may be enrolled */
    const char *work_dir; /* where the list is copied before it is read; created if needed */
    drop_progress_fn *progress; /* may be NULL */
    void *ctx;
};

struct drop_report {
    char list[256]; /* the lists found, as paths on the stick ("a.csv, b.csv"); "" for none */
    unsigned lists; /* how many */
    unsigned taken; /* how many were imported */
    bool imported;  /* every one of them */
    bool refused;   /* a list (or several) was there but not imported: see problems */
    struct roster_summary import; /* added up over the lists */
    char enrolled[16];  /* the fingerprint of the event key this sync enrolled; "" if none */
    unsigned journals;  /* other kiosks' journals merged */
    unsigned events;    /* events they added */
    char exported[256]; /* the export folder written, as a path on the stick; "" if none */
    char *problems;     /* what went wrong, a line each; NULL if nothing did */
};

/*
 * Sync with the stick mounted at dir: import its lists ([usb] list, each
 * file the list of its name: attendees.csv is main, b2b.csv is b2b, and a
 * file name a list was last imported from is that list; each
 * refused alone if it would cancel more than DROP_MAX_CANCEL_PERCENT of
 * its list); enrol the event key of [usb] key_file, or of the stick's
 * entrada/event.key when opt->staff, if the store has none (a different
 * one is refused); merge the other kiosks' journals in its
 * entrada-export/, each only if signed with the store's event key; write
 * this kiosk's exports to it. Each step is all-or-nothing; a step that
 * fails adds a line to rep->problems and the others still run. True when
 * nothing went wrong.
 */
bool drop_run(struct store *st, const char *dir, const struct drop_options *opt,
              struct drop_report *rep);
/*
 * Import the list at path again (staff mode's reload of [kiosk] list) as a
 * stick's: the file is the list drop_run would take it for, refused if it
 * would cancel more than DROP_MAX_CANCEL_PERCENT of that list; a folder
 * stands for every .csv file in it, each its own list. Problems as
 * drop_run's. True when nothing went wrong.
 */
bool drop_reload(struct store *st, const char *path, const struct drop_options *opt,
                 struct drop_report *rep);
void drop_report_clear(struct drop_report *rep);

/* Where lists from sticks are copied for the database at db_path: its directory's from-stick/. */
char *drop_work_dir(const char *db_path);

/*
 * Write every export into the existing directory dir: checkins.csv,
 * attendance.csv, counts.csv, attendance.png and journal.csv (this
 * store's journal, for other kiosks to merge) with journal.sig, its
 * signature, when the store has an event key (else no journal.sig). Each
 * file complete or absent.
 */
bool drop_export(struct store *st, const struct config *cfg, const char *dir, char **why);

struct drop_watch;

/* A stick at dir appeared (present) or went away. Called on the watcher's thread. */
typedef void drop_watch_fn(void *ctx, const char *dir, bool present);

/*
 * Watch for sticks as [usb] roots and drop_dir say, calling fn for those
 * already there and then for each that comes or goes. NULL with *why set
 * if nothing can be watched.
 */
struct drop_watch *drop_watch_start(const struct config *cfg, drop_watch_fn *fn, void *ctx,
                                    char **why);
void drop_watch_stop(struct drop_watch *w);

#endif
