import type { FastifyInstance } from 'fastify';
import { registerKnowledgeArticleRoutes } from './article.routes.ts';
import { registerKnowledgeCategoryRoutes } from './category.routes.ts';
import { registerKnowledgeVersionRoutes } from './version.routes.ts';
import { registerKnowledgeVoteRoutes } from './vote.routes.ts';

/** The knowledge base API: categories, articles, language versions and revisions, votes. */
export function registerKnowledgeRoutes(api: FastifyInstance) {
  registerKnowledgeCategoryRoutes(api);
  registerKnowledgeArticleRoutes(api);
  registerKnowledgeVersionRoutes(api);
  registerKnowledgeVoteRoutes(api);
}
