-- CreateEnum
CREATE TYPE "WebhookSignatureScheme" AS ENUM ('weft', 'github', 'stripe', 'slack', 'shopify', 'standard');

-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "signatureScheme" "WebhookSignatureScheme" NOT NULL DEFAULT 'weft';

