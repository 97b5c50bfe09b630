/**
 * The operator process: configuration from the environment, start and stop, leader election, the
 * health and metrics endpoint, informer liveness. It wires the reconciler; nothing imports it back,
 * so the root package (names and labels) stays a leaf every other package can use.
 */
package com.supernovaai.operator.runtime;
