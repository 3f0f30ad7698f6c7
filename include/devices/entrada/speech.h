/*
 * The verdict said aloud, in the kiosk's language, for attendees who
 * cannot read the screen ([kiosk] speech = on): espeak-ng makes the words
 * into sound on a thread of its own, which the sound device plays after
 * the verdict's cue. The kiosk's loop never waits for it.
 */
#ifndef ENTRADA_SPEECH_H
#define ENTRADA_SPEECH_H

#include "entrada/sound.h"

struct speech;

/* Start the speech thread, playing through sound (kept, not owned). Never NULL. */
struct speech *speech_open(struct sound *sound);
/* Stop the thread (after the words it is making) and free; accepts NULL. */
void speech_close(struct speech *sp);

/*
 * Say text in language lang ("en", "es", "el" ...; espeak-ng's voice for
 * it). Returns at once: the words are made on the thread. A newer call
 * replaces words not yet made, and words made after a newer call are
 * dropped, so an attendee never hears the one before.
 */
void speech_say(struct speech *sp, const char *lang, const char *text);

#endif
