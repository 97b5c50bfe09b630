package com.supernovaai.operator.model;

/**
 * Rules on database.parameters, which the operator writes into postgresql.conf verbatim: names
 * PostgreSQL knows the shape of, values on one line, and none of the settings the operator's own
 * contract depends on (the pooler and probes reach port 5432 on every address through the
 * pg_hba.conf it mounts, with SCRAM passwords; TimescaleDB is preloaded).
 */
public final class PostgresParameters {

  public static final String NAMES_RULE =
      "self.all(k, k.matches('^[A-Za-z_][A-Za-z0-9_]*([.][A-Za-z_][A-Za-z0-9_]*)?$'))";

  public static final String NAMES_MESSAGE =
      "parameter names must be postgresql.conf names (letters, digits and '_', with one '.' for"
          + " an extension's setting, e.g. work_mem or timescaledb.max_background_workers)";

  public static final String VALUES_RULE =
      "self.all(k, !self[k].contains('\\n') && !self[k].contains('\\r'))";

  public static final String VALUES_MESSAGE =
      "parameter values must be on one line: postgresql.conf has one setting per line";

  public static final String OWNED_RULE =
      "!self.exists(k, k.lowerAscii() in ['port', 'listen_addresses', 'hba_file', 'ident_file',"
          + " 'config_file', 'data_directory', 'unix_socket_directories',"
          + " 'password_encryption'])";

  public static final String OWNED_MESSAGE =
      "parameters must not set port, listen_addresses, hba_file, ident_file, config_file,"
          + " data_directory, unix_socket_directories or password_encryption: the operator sets"
          + " them and the pooler, probes and pg_hba.conf rely on their values";

  public static final String PRELOAD_RULE =
      "!('shared_preload_libraries' in self)"
          + " || self['shared_preload_libraries'].matches('^[ \\']*$')"
          + " || self['shared_preload_libraries'].contains('timescaledb')";

  public static final String PRELOAD_MESSAGE =
      "shared_preload_libraries must include timescaledb (e.g."
          + " \"'timescaledb,pg_stat_statements'\"), or be \"''\" for an image without TimescaleDB";

  public static final String MAX_CONNECTIONS_RULE =
      "!('max_connections' in self) || (self['max_connections'].matches('^[0-9]{1,6}$')"
          + " && int(self['max_connections']) >= 20 && int(self['max_connections']) <= 262143)";

  public static final String MAX_CONNECTIONS_MESSAGE =
      "max_connections must be a whole number from 20 to 262143, e.g. \"300\"";

  /** Connections kept free of the pooler: superuser reserve, backups, drills, probes. */
  public static final int RESERVED_CONNECTIONS = 10;

  /** max_connections as the database will run with it (PostgresConfig's default: 200). */
  private static final String MAX_CONNECTIONS =
      "(has(self.database.parameters) && 'max_connections' in self.database.parameters"
          + " && self.database.parameters['max_connections'].matches('^[0-9]{1,6}$')"
          + " ? int(self.database.parameters['max_connections']) : 200)";

  /** Spec-level rule: the pooler's server connections fit into the database's. */
  public static final String POOLER_FITS_RULE =
      "!has(self.pooler) || !has(self.pooler.enabled) || !self.pooler.enabled"
          + " || !has(self.database) || has(self.database.external)"
          + " || self.pooler.replicas * self.pooler.maxDatabaseConnections <= "
          + MAX_CONNECTIONS
          + " - "
          + RESERVED_CONNECTIONS;

  public static final String POOLER_FITS_MESSAGE =
      "pooler.replicas x pooler.maxDatabaseConnections must be at most the database's"
          + " max_connections (database.parameters, default 200) minus "
          + RESERVED_CONNECTIONS
          + " kept for backups, drills and superusers: lower pooler.maxDatabaseConnections or"
          + " raise max_connections";

  /** Longest parameter value: bounds the CEL cost of the rules above (set by GenerateCrd). */
  public static final int MAX_VALUE_LENGTH = 1024;

  private PostgresParameters() {}
}
