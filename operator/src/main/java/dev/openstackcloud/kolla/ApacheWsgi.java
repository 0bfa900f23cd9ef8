package dev.openstackcloud.kolla;

import java.util.ArrayList;
import java.util.List;

/**
 * An Apache site serving one WSGI application, as Kolla's API images run them. The images keep
 * Debian's apache2.conf, which denies every directory but /usr/share and /var/www: the site grants
 * the WSGI script's own file (and Horizon its static files), nothing more.
 */
public final class ApacheWsgi {
  private ApacheWsgi() {}

  /**
   * Listens on {@code port} and runs {@code script} as {@code user} in {@code processes} processes.
   */
  public static String site(int port, String name, String user, String script, int processes) {
    return render(port, name, user, script, processes, null, null);
  }

  /**
   * As {@link #site}, and serves the files under {@code staticRoot} at URL {@code staticPath}
   * without the application.
   */
  public static String siteWithStatic(
      int port,
      String name,
      String user,
      String script,
      int processes,
      String staticPath,
      String staticRoot) {
    return render(port, name, user, script, processes, staticPath, staticRoot);
  }

  private static String render(
      int port,
      String name,
      String user,
      String script,
      int processes,
      String staticPath,
      String staticRoot) {
    int slash = script.lastIndexOf('/');
    var lines =
        new ArrayList<>(
            List.of(
                "Listen 0.0.0.0:" + port,
                "ServerSignature Off",
                "ServerTokens Prod",
                "TraceEnable off",
                // the container's stdout and stderr, so kubectl logs shows requests and errors
                "ErrorLog /proc/self/fd/2",
                "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b %D \\\"%{User-Agent}i\\\"\" logformat",
                "CustomLog /proc/self/fd/1 logformat",
                "<Directory \"" + script.substring(0, slash) + "\">",
                "    <Files \"" + script.substring(slash + 1) + "\">",
                "        Options None",
                "        Require all granted",
                "    </Files>",
                "</Directory>"));
    if (staticRoot != null) {
      lines.addAll(
          List.of(
              "<Directory \"" + staticRoot + "\">",
              "    Options None",
              "    AllowOverride None",
              "    Require all granted",
              "</Directory>"));
    }
    lines.addAll(
        List.of(
            "<VirtualHost *:" + port + ">",
            "    WSGIDaemonProcess "
                + name
                + " processes="
                + processes
                + " threads=1 user="
                + user
                + " group="
                + user
                + " display-name=%{GROUP}",
            "    WSGIProcessGroup " + name,
            "    WSGIScriptAlias / " + script,
            "    WSGIApplicationGroup %{GLOBAL}",
            "    WSGIPassAuthorization On"));
    if (staticRoot != null) {
      lines.addAll(
          List.of(
              "    Alias " + staticPath + " " + staticRoot,
              "    <Location \"" + staticPath + "\">",
              "        SetHandler None",
              "    </Location>"));
    }
    lines.add("</VirtualHost>");
    lines.add("");
    return String.join("\n", lines);
  }
}
