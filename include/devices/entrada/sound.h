/*
 * The verdict sounds. They are made by the program (short sine-tone
 * figures, one per verdict) rather than read from files, so there is no
 * sound file to lose. Without an audio device the kiosk stays silent and
 * says so once in the log.
 */
#ifndef ENTRADA_SOUND_H
#define ENTRADA_SOUND_H

#include <stdbool.h>
#include <stddef.h>

enum sound_cue {
    SOUND_WELCOME,
    SOUND_ALREADY,
    SOUND_UNKNOWN,
    SOUND_CANCELLED,
    SOUND_ATTENTION, /* welcome, and staff should look: the list asks for special attention */
    SOUND_CUES
};

struct sound;

/* Open the default audio device (if enabled). Never NULL. */
struct sound *sound_open(bool enabled);
void sound_close(struct sound *s);

/* Play cue, cutting short whatever was playing. */
void sound_play(struct sound *s, enum sound_cue cue);

/* Stop whatever is playing or queued. */
void sound_stop(struct sound *s);

/*
 * Queue n samples of 16-bit mono sound at rate Hz (the words of speech.h)
 * after what is playing. The samples are copied. Safe from any thread.
 */
void sound_queue(struct sound *s, const short *pcm, size_t n, int rate);

#endif
