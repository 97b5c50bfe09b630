package com.supernovaai.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

  @Test
  void aShareIsReachedWhenThatManyEventsHappened() {
    List<Double> created = List.of(4.0, 1.0, 3.0, 2.0);

    assertThat(Timeline.share(created, 0.5)).isEqualTo(2.0);
    assertThat(Timeline.share(created, 1.0)).isEqualTo(4.0);
    assertThat(Timeline.share(List.of(7.0, 9.0, 8.0), 0.5)).isEqualTo(8.0);
    assertThat(Timeline.share(List.of(), 0.5)).isNaN();
  }

  @Test
  void workloadsThatDropOutAgainCountAtTheirFirstFullCount() {
    // Four workloads: the API Deployment is ready at one replica, then sized and not ready again.
    var count = new Timeline.ReadyCount();
    count.sample(1.0, 0);
    count.sample(2.0, 1);
    count.sample(3.0, 2);
    count.sample(3.5, 2);
    count.sample(4.0, 1);
    count.sample(6.0, 3);
    count.sample(9.0, 4);

    assertThat(count.reached(0.5)).isEqualTo(3.0);
    assertThat(count.reached(1.0)).isEqualTo(9.0);
  }

  @Test
  void aCountThatNeverRoseReachesNothing() {
    var count = new Timeline.ReadyCount();
    count.sample(1.0, 0);

    assertThat(count.reached(0.5)).isNaN();
    assertThat(count.reached(1.0)).isNaN();
  }

  @Test
  void theOperatorsRunIsTimedFromItsFirstStackAndTheDirectApplyHasNoStacks() {
    var count = new Timeline.ReadyCount();
    count.sample(10.0, 2);
    count.sample(20.0, 4);

    Timeline direct = Timeline.of(List.of(1.0, 2.0, 3.0, 4.0), count, List.of());

    assertThat(direct).isEqualTo(new Timeline(2.0, 4.0, 10.0, 20.0, Double.NaN, Double.NaN));
  }
}
