package org.symphony.edge.auth;

/** OAuth scope names checked by routes. */
public final class Scopes {

  public static final String INSTRUCTIONS_WRITE = "instructions:write";
  public static final String INSTRUCTIONS_READ = "instructions:read";
  public static final String ADMIN_READ = "admin:read";
  public static final String ADMIN_WRITE = "admin:write";
  public static final String SUPERVISOR_READ = "supervisor:read";

  private Scopes() {}
}
