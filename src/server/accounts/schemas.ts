/** Input shapes shared by the forms (client-side checks) and the server: no server imports here. */
import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 8;

export const emailSchema = z
  .string()
  .trim()
  .min(1, "Enter your email")
  .max(254, "Email is too long")
  .email("Enter a valid email address")
  .transform((email) => email.toLowerCase());

export const organizationNameSchema = z
  .string()
  .trim()
  .min(2, "Organization name must be at least 2 characters")
  .max(100, "Organization name must be at most 100 characters");

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, "Password must be at most 200 characters");

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Name must be at most 100 characters"),
  email: emailSchema,
  password: newPasswordSchema,
  organizationName: organizationNameSchema,
});
export type SignUpInput = z.input<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

/** A link's token as it arrives from a page (the link's query string). */
export const linkTokenSchema = z.string().trim().min(1, "The link is incomplete").max(200, "The link is not valid");

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({ token: linkTokenSchema, password: newPasswordSchema });

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: newPasswordSchema,
});

export const changeEmailSchema = z.object({
  newEmail: emailSchema,
  currentPassword: z.string().min(1, "Enter your current password").max(200),
});
