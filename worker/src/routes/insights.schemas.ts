/** Reply schemas of the newer insights (GET /insights is defined in forecast.routes.ts). */
import { z } from '@hono/zod-openapi';

const Grade = z.enum(['A', 'B', 'C', 'D', 'E']);

export const GradeMoverSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  grade: z.object({ before: Grade, now: Grade }),
  score: z.object({ before: z.number(), now: z.number() }),
  driver: z.enum(['payment_index', 'add', 'add_trend', 'utilisation', 'past_due_90', 'disputes', 'altman_z2']).describe('The credit-score driver whose contribution fell most'),
  value: z.object({ before: z.number().nullable(), now: z.number().nullable() }).describe("The driver's measured value (days, ratio or index), as in the credit score"),
  pointsLost: z.number().describe('Score points the driver lost'),
  sentence: z.string().describe('A plain sentence to paste into a report'),
}).describe('Customers whose credit grade worsened since the previous month-end, the most grades first');
