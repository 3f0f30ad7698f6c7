/*
 * Speech through libespeak-ng in its synchronous mode: espeak_Synth hands
 * the samples to a callback as it makes them, into a buffer; the whole
 * utterance then goes to the sound device's queue. espeak-ng keeps global
 * state, so it is only ever called from the one speech thread. A request
 * is one slot (text and language) and a generation number.
 */
#include "entrada/speech.h"
#include "entrada/buf.h"
#include "entrada/xmalloc.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct speech {
    struct sound *sound;
    pthread_t thread;
    bool running;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    char *text; /* waiting to be said, or NULL */
    char lang[16];
    unsigned generation; /* of the latest request */
    bool stop;
};

/* espeak-ng's callback: samples made so far, appended to the buffer in user_data. */
static int handle_samples(short *wav, int n, espeak_EVENT *events)
{
    struct buf *pcm = events ? events->user_data : NULL;
    if (pcm && wav && n > 0)
        buf_add(pcm, wav, (size_t)n * sizeof *wav);
    return 0;
}

static void *handle_speech(void *arg)
{
    struct speech *sp = arg;
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, 0);
    if (rate <= 0)
        SDL_Log("speech: espeak-ng cannot start (is espeak-ng-data installed?); no speech");
    else
        espeak_SetSynthCallback(handle_samples);
    char last_lang[16] = "";
    pthread_mutex_lock(&sp->lock);
    for (;;) {
        while (sp->text == NULL && !sp->stop)
            pthread_cond_wait(&sp->wake, &sp->lock);
        if (sp->stop)
            break;
        char *text = sp->text, lang[16];
        sp->text = NULL;
        unsigned generation = sp->generation;
        memcpy(lang, sp->lang, sizeof lang);
        pthread_mutex_unlock(&sp->lock);

        struct buf pcm = { 0 };
        if (rate > 0) {
            Uint64 t0 = SDL_GetPerformanceCounter();
            if (strcmp(lang, last_lang) != 0) {
                espeak_VOICE voice = { .languages = lang };
                if (espeak_SetVoiceByProperties(&voice) != EE_OK)
                    SDL_Log("speech: no espeak-ng voice for %s", lang);
                memcpy(last_lang, lang, sizeof last_lang);
            }
            espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, &pcm);
            double ms = (double)(SDL_GetPerformanceCounter() - t0) * 1000 /
                        (double)SDL_GetPerformanceFrequency();
            SDL_Log("speech: %zu ms of words made in %.0f ms", pcm.len / 2 * 1000 / (size_t)rate,
                    ms);
        }
        free(text);

        pthread_mutex_lock(&sp->lock);
        if (generation == sp->generation && pcm.len > 0) /* nothing newer was asked meanwhile */
            sound_queue(sp->sound, (const short *)pcm.data, pcm.len / sizeof(short), rate);
        buf_free(&pcm);
    }
    pthread_mutex_unlock(&sp->lock);
    if (rate > 0)
        espeak_Terminate();
    return NULL;
}

struct speech *speech_open(struct sound *sound)
{
    struct speech *sp = xcalloc(1, sizeof *sp);
    sp->sound = sound;
    pthread_mutex_init(&sp->lock, NULL);
    pthread_cond_init(&sp->wake, NULL);
    int err = pthread_create(&sp->thread, NULL, handle_speech, sp);
    if (err != 0)
        SDL_Log("speech: cannot start its thread: %s; no speech", strerror(err));
    sp->running = err == 0;
    return sp;
}

void speech_close(struct speech *sp)
{
    if (sp == NULL)
        return;
    pthread_mutex_lock(&sp->lock);
    sp->stop = true;
    pthread_cond_signal(&sp->wake);
    pthread_mutex_unlock(&sp->lock);
    if (sp->running)
        pthread_join(sp->thread, NULL);
    free(sp->text);
    pthread_mutex_destroy(&sp->lock);
    pthread_cond_destroy(&sp->wake);
    free(sp);
}

void speech_say(struct speech *sp, const char *lang, const char *text)
{
    pthread_mutex_lock(&sp->lock);
    free(sp->text);
    sp->text = xstrdup(text);
    snprintf(sp->lang, sizeof sp->lang, "%s", lang);
    sp->generation++;
    pthread_cond_signal(&sp->wake);
    pthread_mutex_unlock(&sp->lock);
}
