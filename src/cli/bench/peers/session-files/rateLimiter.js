// A token-bucket rate limiter with per-key buckets and an idle sweep.
"use strict";

const DEFAULT_CAPACITY = 10;
const DEFAULT_REFILL_PER_SECOND = 5;

class Bucket {
  constructor(capacity, refillPerSecond, now) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.tokens = capacity;
    this.updatedAt = now;
  }

  refill(now) {
    const elapsed = (now - this.updatedAt) / 1000;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.refillPerSecond);
    this.updatedAt = now;
  }

  take(count, now) {
    this.refill(now);
    if (this.tokens < count) {
      return false;
    }
    this.tokens -= count;
    return true;
  }

  msUntil(count, now) {
    this.refill(now);
    if (this.tokens >= count) return 0;
    const missing = count - this.tokens;
    return Math.ceil((missing / this.refillPerSecond) * 1000);
  }
}

class RateLimiter {
  constructor(options = {}) {
    this.capacity = options.capacity ?? DEFAULT_CAPACITY;
    this.refillPerSecond = options.refillPerSecond ?? DEFAULT_REFILL_PER_SECOND;
    this.now = options.now ?? (() => Date.now());
    this.buckets = new Map();
  }

  bucketFor(key) {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new Bucket(this.capacity, this.refillPerSecond, this.now());
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  tryTake(key, count = 1) {
    if (count > this.capacity) {
      throw new RangeError(`cannot take ${count} tokens from a bucket of ${this.capacity}`);
    }
    return this.bucketFor(key).take(count, this.now());
  }

  retryAfterMs(key, count = 1) {
    return this.bucketFor(key).msUntil(count, this.now());
  }

  sweep(maxIdleMs) {
    const now = this.now();
    let removed = 0;
    for (const [key, bucket] of this.buckets) {
      bucket.refill(now);
      if (bucket.tokens >= bucket.capacity && now - bucket.updatedAt >= maxIdleMs) {
        this.buckets.delete(key);
        removed++;
      }
    }
    return removed;
  }
}

function middleware(limiter, keyOf) {
  return (request, response, next) => {
    const key = keyOf(request);
    if (limiter.tryTake(key)) {
      next();
      return;
    }
    const retryAfter = Math.ceil(limiter.retryAfterMs(key) / 1000);
    response.setHeader("Retry-After", String(retryAfter));
    response.statusCode = 429;
    response.end("Too Many Requests");
  };
}

module.exports = { Bucket, RateLimiter, middleware };
