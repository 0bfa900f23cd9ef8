package dev.openstackcloud.kolla;

/** An Apache site serving one WSGI application, as Kolla's API images run them. */
public final class ApacheWsgi {
  private ApacheWsgi() {}

  /** Listens on {@code port} and runs {@code script} as {@code user} in {@code processes} processes. */
  public static String site(int port, String name, String user, String script, int processes) {
    return String.join("\n",
        "Listen 0.0.0.0:" + port,
        "ServerSignature Off",
        "ServerTokens Prod",
        "TraceEnable off",
        "ErrorLog /proc/self/fd/2",
        "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b %D \\\"%{User-Agent}i\\\"\" logformat",
        "CustomLog /proc/self/fd/1 logformat",
        "<VirtualHost *:" + port + ">",
        "    WSGIDaemonProcess " + name + " processes=" + processes + " threads=1 user=" + user + " group=" + user + " display-name=%{GROUP}",
        "    WSGIProcessGroup " + name,
        "    WSGIScriptAlias / " + script,
        "    WSGIApplicationGroup %{GLOBAL}",
        "    WSGIPassAuthorization On",
        "</VirtualHost>",
        "");
  }
}
