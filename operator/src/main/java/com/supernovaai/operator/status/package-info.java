/**
 * The vocabulary of the stack's status: condition types, their reasons and the reasons of Events. A
 * leaf: it imports nothing of the operator, so the reconciler, backup, rollout and volume code can
 * all depend on it without a cycle. Reasons are a contract (Argo CD's health script, alerts, users'
 * scripts): change one only on purpose.
 */
package com.supernovaai.operator.status;
