/**
 * The stack's status: its vocabulary (condition types, reasons, Event reasons), the conditions
 * helper, {@link com.supernovaai.operator.status.Fault faults} with a severity, and {@link
 * com.supernovaai.operator.status.StackStatusBuilder the one builder} every contribution passes
 * through. A leaf: it imports only the model and the root package's labels, so the reconciler,
 * backup, rollout and volume code can all depend on it without a cycle. Reasons are a contract
 * (Argo CD's health script, alerts, users' scripts): change one only on purpose.
 */
package com.supernovaai.operator.status;
