package dev.openstackcloud.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudWorkflowTest {
  @Test
  void everyDependentHasItsOwnNameSoNoneReplacesAnother() {
    var members = CloudWorkflow.create().members();
    assertThat(members).extracting(m -> m.dependent().name()).doesNotHaveDuplicates();
    assertThat(CloudWorkflow.create().workflow().getDependentResourcesByName())
        .hasSameSizeAs(members);
  }
}
