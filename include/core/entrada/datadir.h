/*
 * Where entrada's data files are: the fonts and sounds (assets) and the
 * compiled translations (locale). The kiosk draws with them and the
 * exports label their chart with them.
 */
#ifndef ENTRADA_DATADIR_H
#define ENTRADA_DATADIR_H

struct datadir {
    char *assets; /* fonts/, ... */
    char *locale; /* LANG.mo */
};

/*
 * configured ([kiosk] data_dir) if not "": DIR and DIR/locale; for the
 * program in its build directory, the source tree's assets/ and the build's
 * locale/ (wherever the build directory is); else the installed ones. The
 * strings are new.
 */
void datadir_find(const char *configured, struct datadir *out);
void datadir_clear(struct datadir *d);

#endif
