/** Input shapes of services, shared by the forms and the server: no server imports here. */
import { z } from "zod";

export const idSchema = z.string().min(1);

export const serviceNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name for the service")
  .max(100, "Name must be at most 100 characters");

export const createServiceSchema = z.object({ name: serviceNameSchema });
export const renameServiceSchema = z.object({ id: idSchema, name: serviceNameSchema });

export const serviceAssetSchema = z.object({
  serviceId: idSchema,
  assetId: z.string().min(1, "Choose a channel"),
});

export const serviceIntegrationSchema = z.object({
  serviceId: z.string().min(1, "Choose a service"),
  integrationId: z.string().min(1, "Choose an integration"),
});
