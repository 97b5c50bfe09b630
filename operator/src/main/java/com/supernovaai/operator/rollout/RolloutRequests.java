package com.supernovaai.operator.rollout;

import static com.supernovaai.operator.model.SuperNovaStack.ABORT_ANNOTATION;
import static com.supernovaai.operator.model.SuperNovaStack.PROMOTE_ANNOTATION;

import com.supernovaai.operator.model.SuperNovaStack;
import com.supernovaai.operator.rollout.RolloutPlan.Notice;
import com.supernovaai.operator.status.EventReasons;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one-shot promote/abort annotations of the stack and what one planning pass did with them:
 * which to remove (acted upon or ignored), and the Events that say so.
 */
final class RolloutRequests {
  private final SuperNovaStack stack;
  private final Set<String> consumed = new LinkedHashSet<>();
  private final List<Notice> notices = new ArrayList<>();

  RolloutRequests(SuperNovaStack stack) {
    this.stack = stack;
  }

  boolean promoteRequested() {
    return requested(PROMOTE_ANNOTATION);
  }

  boolean abortRequested() {
    return requested(ABORT_ANNOTATION);
  }

  /** Both annotations ask for nothing possible now. */
  void ignoreAll(String why) {
    ignore(PROMOTE_ANNOTATION, why);
    ignore(ABORT_ANNOTATION, why);
  }

  /** An annotation that asks for nothing possible now: removed, with an Event saying why. */
  void ignore(String annotation, String why) {
    if (isSet(annotation)) {
      consumed.add(annotation);
      String reason =
          PROMOTE_ANNOTATION.equals(annotation)
              ? EventReasons.PROMOTE_IGNORED
              : EventReasons.ABORT_IGNORED;
      notices.add(RolloutMessages.normal(reason, RolloutMessages.ignored(annotation, why)));
    }
  }

  /** The annotation was acted upon (or made moot): removed. */
  void consume(String annotation) {
    if (isSet(annotation)) {
      consumed.add(annotation);
    }
  }

  void notice(Notice notice) {
    notices.add(notice);
  }

  Set<String> consumed() {
    return Set.copyOf(consumed);
  }

  List<Notice> notices() {
    return List.copyOf(notices);
  }

  private boolean requested(String annotation) {
    String value = value(annotation);
    return value != null && !"false".equalsIgnoreCase(value.trim());
  }

  private boolean isSet(String annotation) {
    return value(annotation) != null;
  }

  private String value(String annotation) {
    var annotations = stack.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(annotation);
  }
}
