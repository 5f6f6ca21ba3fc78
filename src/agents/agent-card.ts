import { z } from 'zod';

/**
 * An A2A agent card (https://a2a-protocol.org/latest/specification/#5-agent-discovery-the-agent-card):
 * how an agent describes itself — name, endpoint, skills, capabilities. Graph's agent registry
 * keeps the same shape as `agentCardManifest`. A registry entry holds one where known: a
 * platform sync derives a small one from what the platform says, an import may bring a full one.
 *
 * Only `name` is required here (the A2A spec requires more, but a registry must take what a
 * platform or a spreadsheet has); members Limen does not know are kept as given.
 */
const maxCardLength = 64 * 1024;

const skill = z.looseObject({
  id: z.string().min(1).max(256),
  name: z.string().min(1).max(256),
  description: z.string().max(4096).optional(),
  tags: z.array(z.string().max(256)).max(100).optional(),
  examples: z.array(z.string().max(4096)).max(100).optional(),
  inputModes: z.array(z.string().max(256)).max(50).optional(),
  outputModes: z.array(z.string().max(256)).max(50).optional(),
});

export const agentCardSchema = z.looseObject({
  name: z.string().min(1).max(256),
  description: z.string().max(4096).optional(),
  url: z.string().max(2048).optional(),
  version: z.string().max(256).optional(),
  protocolVersion: z.string().max(64).optional(),
  preferredTransport: z.string().max(64).optional(),
  iconUrl: z.string().max(2048).optional(),
  documentationUrl: z.string().max(2048).optional(),
  provider: z.looseObject({ organization: z.string().max(256), url: z.string().max(2048).optional() }).optional(),
  capabilities: z.looseObject({
    streaming: z.boolean().optional(),
    pushNotifications: z.boolean().optional(),
    stateTransitionHistory: z.boolean().optional(),
  }).optional(),
  defaultInputModes: z.array(z.string().max(256)).max(50).optional(),
  defaultOutputModes: z.array(z.string().max(256)).max(50).optional(),
  skills: z.array(skill).max(500).optional(),
}).refine((card) => JSON.stringify(card).length <= maxCardLength, `an agent card may hold at most ${maxCardLength} characters of JSON`);

export type AgentCard = z.output<typeof agentCardSchema>;
export type AgentSkill = z.output<typeof skill>;
