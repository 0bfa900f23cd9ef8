package dev.openstackcloud.kube;

import dev.openstackcloud.api.v1alpha1.status.ComponentStatus;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Objects;

/**
 * Reads readiness from workload status the way kubectl rollout status does, never from spec alone.
 */
public final class WorkloadHealth {
  private WorkloadHealth() {}

  public static Health deployment(Deployment d) {
    var s = d.getStatus();
    String name = "Deployment " + d.getMetadata().getName();
    if (s == null
        || s.getObservedGeneration() == null
        || s.getObservedGeneration() < d.getMetadata().getGeneration()) {
      return Health.progressing("RolloutPending", name + ": rollout not observed yet");
    }
    if (s.getConditions() != null) {
      for (var c : s.getConditions()) {
        if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
          return Health.failed("ProgressDeadlineExceeded", name + ": " + c.getMessage());
        }
      }
    }
    int want = nz(d.getSpec().getReplicas());
    if (nz(s.getUpdatedReplicas()) < want) {
      return Health.progressing(
          "RollingOut", name + ": " + nz(s.getUpdatedReplicas()) + "/" + want + " pods updated");
    }
    if (nz(s.getReplicas()) > nz(s.getUpdatedReplicas())) {
      return Health.progressing("RollingOut", name + ": old pods still terminating");
    }
    if (nz(s.getAvailableReplicas()) < want) {
      return Health.progressing(
          "PodsNotReady",
          name + ": " + nz(s.getAvailableReplicas()) + "/" + want + " pods available");
    }
    return Health.READY;
  }

  public static Health statefulSet(StatefulSet st) {
    var s = st.getStatus();
    String name = "StatefulSet " + st.getMetadata().getName();
    if (s == null
        || s.getObservedGeneration() == null
        || s.getObservedGeneration() < st.getMetadata().getGeneration()) {
      return Health.progressing("RolloutPending", name + ": rollout not observed yet");
    }
    int want = nz(st.getSpec().getReplicas());
    var rolling =
        st.getSpec().getUpdateStrategy() == null
            ? null
            : st.getSpec().getUpdateStrategy().getRollingUpdate();
    int partition = rolling == null ? 0 : nz(rolling.getPartition());
    if (partition > 0) {
      // a partitioned rollout is done when the pods above the partition are updated; the revisions
      // never converge
      if (nz(s.getUpdatedReplicas()) < want - partition) {
        return Health.progressing(
            "RollingOut",
            name
                + ": "
                + nz(s.getUpdatedReplicas())
                + "/"
                + (want - partition)
                + " pods above the partition updated");
      }
    } else if (s.getUpdateRevision() != null
        && !Objects.equals(s.getUpdateRevision(), s.getCurrentRevision())) {
      return Health.progressing(
          "RollingOut", name + ": " + nz(s.getUpdatedReplicas()) + "/" + want + " pods updated");
    }
    if (nz(s.getReadyReplicas()) < want) {
      return Health.progressing(
          "PodsNotReady", name + ": " + nz(s.getReadyReplicas()) + "/" + want + " pods ready");
    }
    return Health.READY;
  }

  public static Health daemonSet(DaemonSet ds) {
    return daemonSet(ds, null);
  }

  /**
   * An OnDelete DaemonSet in an upgrade's canary: done when {@code hosts} nodes (or every node, if
   * fewer) run the new template and every node's pod is ready; the others keep the old one.
   */
  public static Health canaryDaemonSet(DaemonSet ds, int hosts) {
    return daemonSet(ds, hosts);
  }

  /** {@code canary}: how many nodes must run the new template, or null for every one. */
  private static Health daemonSet(DaemonSet ds, Integer canary) {
    var s = ds.getStatus();
    String name = "DaemonSet " + ds.getMetadata().getName();
    if (s == null
        || s.getObservedGeneration() == null
        || s.getObservedGeneration() < ds.getMetadata().getGeneration()) {
      return Health.progressing("RolloutPending", name + ": rollout not observed yet");
    }
    int want = nz(s.getDesiredNumberScheduled());
    if (want == 0) {
      return Health.progressing("NoNodes", name + ": no node matches its placement");
    }
    int updated = canary == null ? want : Math.min(canary, want);
    if (nz(s.getUpdatedNumberScheduled()) < updated) {
      return Health.progressing(
          "RollingOut",
          name
              + ": "
              + nz(s.getUpdatedNumberScheduled())
              + "/"
              + updated
              + (canary == null ? " nodes updated" : " canary nodes updated"));
    }
    if (nz(s.getNumberReady()) < want) {
      return Health.progressing(
          "PodsNotReady", name + ": " + nz(s.getNumberReady()) + "/" + want + " nodes ready");
    }
    return Health.READY;
  }

  public static Health job(Job job) {
    String name = "Job " + job.getMetadata().getName();
    var s = job.getStatus();
    if (s != null && s.getConditions() != null) {
      for (var c : s.getConditions()) {
        if (!"True".equals(c.getStatus())) {
          continue;
        }
        if ("Complete".equals(c.getType())) {
          return Health.READY;
        }
        if ("Failed".equals(c.getType())) {
          return Health.failed(
              "JobFailed",
              name
                  + " failed: "
                  + c.getReason()
                  + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
        }
      }
    }
    return Health.progressing("JobRunning", name + " has not completed");
  }

  public static ComponentStatus pods(Deployment d) {
    var s = d.getStatus();
    return new ComponentStatus(
        s == null ? 0 : nz(s.getReadyReplicas()),
        nz(d.getSpec().getReplicas()),
        image(d.getSpec().getTemplate().getSpec()));
  }

  public static ComponentStatus pods(StatefulSet st) {
    var s = st.getStatus();
    return new ComponentStatus(
        s == null ? 0 : nz(s.getReadyReplicas()),
        nz(st.getSpec().getReplicas()),
        image(st.getSpec().getTemplate().getSpec()));
  }

  public static ComponentStatus pods(DaemonSet ds) {
    var s = ds.getStatus();
    return new ComponentStatus(
        s == null ? 0 : nz(s.getNumberReady()),
        s == null ? 0 : nz(s.getDesiredNumberScheduled()),
        image(ds.getSpec().getTemplate().getSpec()));
  }

  private static String image(PodSpec spec) {
    return spec.getContainers().isEmpty() ? null : spec.getContainers().get(0).getImage();
  }

  private static int nz(Integer i) {
    return i == null ? 0 : i;
  }
}
