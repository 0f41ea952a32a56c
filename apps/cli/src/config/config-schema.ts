import type { JsonSchema } from '../output/json-schema.js';

const connection: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'How to reach one DAW.',
  properties: {
    host: { type: 'string', minLength: 1, description: 'Host name or address of the DAW.' },
    port: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      description:
        "The DAW's main control port: REAPER's web interface (HTTP) or Ardour's OSC port.",
    },
    oscPort: {
      type: 'integer',
      minimum: 1,
      maximum: 65535,
      description: "The DAW's OSC port (REAPER's OSC control surface).",
    },
    timeoutMs: {
      type: 'integer',
      minimum: 100,
      description: 'How long to wait for the DAW to answer, in milliseconds.',
    },
    configDir: {
      type: 'string',
      minLength: 1,
      description:
        "Ardour: its user config folder, where the bridge's mailbox is (default: Ardour's own).",
    },
  },
};

/**
 * `tapeop.config.json` (in a session folder) and `$XDG_CONFIG_HOME/tapeop/config.json` (the
 * user's): DAW hosts and ports, extra adapters, the hub's settings. The session's file wins
 * over the user's; command-line flags win over both.
 */
export const configSchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://tapeop.dev/schema/cli/config.schema.json',
  title: 'tapeop config',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: 'Editors may point this at the schema.' },
    daw: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]*$',
      description: 'The DAW adapter commands use when --daw is not given (e.g. "reaper").',
    },
    daws: {
      type: 'object',
      description: 'Connection settings per adapter name (e.g. "reaper", "ardour").',
      additionalProperties: connection,
    },
    adapters: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      description: 'Module paths of extra adapters, relative to this file.',
    },
    author: { type: 'string', minLength: 1, description: 'Author of the notes you write.' },
    hub: {
      type: 'object',
      additionalProperties: false,
      description: 'Settings of tapeop serve.',
      properties: {
        host: { type: 'string', minLength: 1, description: 'Address to bind (default 127.0.0.1).' },
        port: { type: 'integer', minimum: 0, maximum: 65535, description: 'Port (default 7460).' },
        allowedOrigins: {
          type: 'array',
          items: { type: 'string', minLength: 1 },
          description:
            'Browser origins allowed besides the hub itself (e.g. "http://localhost:5173").',
        },
        staticDir: {
          type: 'string',
          minLength: 1,
          description:
            'Folder of built static files to serve at / (the panel), relative to this file.',
        },
        maxMessageBytes: {
          type: 'integer',
          minimum: 1024,
          description: 'Largest JSON-RPC message accepted, in bytes (default 1 MiB).',
        },
      },
    },
  },
};
