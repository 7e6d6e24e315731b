/*
 * holder.c: swapping the snapshot of a running service.  Readers take a
 * reference under a short lock and keep it for as long as they need; the
 * writer swaps the pointer under the same lock.  Nobody ever sees a
 * snapshot being freed or half replaced.
 */
#include <pthread.h>

#include "snapshot.h"

struct ec_holder {
	pthread_mutex_t lock;
	ec_snapshot *cur;
};

int ec_holder_new(ec_holder **out, ec_snapshot *snap)
{
	ec_holder *h;

	if (!out)
		return EC_EINVAL;
	*out = NULL;
	h = ec__calloc(1, sizeof(*h));
	if (!h)
		return EC_ENOMEM;
	if (pthread_mutex_init(&h->lock, NULL) != 0) {
		ec__free(h);
		return EC_ENOMEM;
	}
	h->cur = snap;
	*out = h;
	return 0;
}

ec_snapshot *ec_holder_acquire(ec_holder *h)
{
	ec_snapshot *s;

	if (!h)
		return NULL;
	pthread_mutex_lock(&h->lock);
	s = ec_snapshot_retain(h->cur);
	pthread_mutex_unlock(&h->lock);
	return s;
}

void ec_holder_replace(ec_holder *h, ec_snapshot *next)
{
	ec_snapshot *old;

	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	old = h->cur;
	h->cur = next;
	pthread_mutex_unlock(&h->lock);
	/* Freed now only if no reader still holds it. */
	ec_snapshot_free(old);
}

void ec_holder_free(ec_holder *h)
{
	if (!h)
		return;
	ec_snapshot_free(h->cur);
	pthread_mutex_destroy(&h->lock);
	ec__free(h);
}
