package com.supernovaai.operator.model;

/** What happens to data when a stack is deleted. */
public enum DeletionPolicy {
  Retain,
  Delete
}
