/**
 * {@code dino serve}: the REST service (jobs, persistence, server-sent progress, bearer token, JSON errors) and its dashboard.
 */
package dev.dinojvm.engine.serve;
