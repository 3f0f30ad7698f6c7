/* Verdict sounds synthesised at start-up and queued to SDL's audio device. */
#include "entrada/sound.h"
#include "entrada/xmalloc.h"

#include <SDL.h>
#include <math.h>
#include <stdlib.h>

enum { RATE = 22050 };

struct note {
    float hz; /* 0 for a rest */
    int ms;
};

/* Each cue: a figure of notes, distinct in pitch, direction and rhythm. */
static const struct note figures[SOUND_CUES][4] = {
    [SOUND_WELCOME] = { { 880, 90 }, { 1318.5f, 170 } },         /* rising fifth */
    [SOUND_ALREADY] = { { 660, 110 }, { 0, 70 }, { 660, 110 } }, /* same note twice */
    [SOUND_UNKNOWN] = { { 392, 170 }, { 262, 260 } },            /* falling, low */
    [SOUND_CANCELLED] = { { 262, 90 }, { 0, 50 }, { 262, 90 }, { 0, 50 } },
    [SOUND_ATTENTION] = { { 880, 90 }, { 1318.5f, 120 }, { 0, 60 }, { 1760, 200 } }, /* up, up */
};

struct sound {
    SDL_AudioDeviceID device;
    Sint16 *pcm[SOUND_CUES];
    Uint32 bytes[SOUND_CUES];
};

/* Render a figure as 16-bit mono samples with a soft attack and release. */
static void synthesise(const struct note *f, Sint16 **out, Uint32 *bytes)
{
    size_t total = 0;
    for (int i = 0; i < 4 && f[i].ms; i++)
        total += (size_t)f[i].ms * RATE / 1000;
    Sint16 *pcm = xcalloc(total, sizeof *pcm);
    size_t at = 0;
    for (int i = 0; i < 4 && f[i].ms; i++) {
        size_t n = (size_t)f[i].ms * RATE / 1000, ramp = RATE / 200;
        for (size_t j = 0; j < n && f[i].hz > 0; j++) {
            float env = 1.0f;
            if (j < ramp)
                env = (float)j / ramp;
            else if (n - j < ramp * 4)
                env = (float)(n - j) / (ramp * 4);
            float t = (float)j / RATE;
            float v =
                sinf(2 * (float)M_PI * f[i].hz * t) + 0.25f * sinf(4 * (float)M_PI * f[i].hz * t);
            pcm[at + j] = (Sint16)(v * env * 9000);
        }
        at += n;
    }
    *out = pcm;
    *bytes = (Uint32)(total * sizeof *pcm);
}

struct sound *sound_open(bool enabled)
{
    struct sound *s = xcalloc(1, sizeof *s);
    if (!enabled)
        return s;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        SDL_Log("sound: no audio: %s; verdicts will be silent", SDL_GetError());
        return s;
    }
    SDL_AudioSpec want = { .freq = RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 512 };
    s->device = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
    if (s->device == 0) {
        SDL_Log("sound: no audio device: %s; verdicts will be silent", SDL_GetError());
        return s;
    }
    for (int c = 0; c < SOUND_CUES; c++)
        synthesise(figures[c], &s->pcm[c], &s->bytes[c]);
    SDL_PauseAudioDevice(s->device, 0);
    return s;
}

void sound_close(struct sound *s)
{
    if (s == NULL)
        return;
    if (s->device)
        SDL_CloseAudioDevice(s->device);
    for (int c = 0; c < SOUND_CUES; c++)
        free(s->pcm[c]);
    if (SDL_WasInit(SDL_INIT_AUDIO))
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(s);
}

void sound_play(struct sound *s, enum sound_cue cue)
{
    if (s->device == 0)
        return;
    SDL_ClearQueuedAudio(s->device);
    if (SDL_QueueAudio(s->device, s->pcm[cue], s->bytes[cue]) != 0)
        SDL_Log("sound: %s", SDL_GetError());
}

void sound_stop(struct sound *s)
{
    if (s->device)
        SDL_ClearQueuedAudio(s->device);
}

void sound_queue(struct sound *s, const short *pcm, size_t n, int rate)
{
    if (s->device == 0 || n == 0 || rate <= 0)
        return;
    /* To the device's rate, by taking the nearest sample (speech is 22050 Hz already). */
    size_t out = rate == RATE ? n : (size_t)((double)n * RATE / rate);
    Sint16 *buf = xcalloc(out ? out : 1, sizeof *buf);
    for (size_t i = 0; i < out; i++)
        buf[i] = pcm[rate == RATE ? i : SDL_min(n - 1, (size_t)((double)i * rate / RATE))];
    if (SDL_QueueAudio(s->device, buf, (Uint32)(out * sizeof *buf)) != 0)
        SDL_Log("sound: %s", SDL_GetError());
    free(buf);
}
