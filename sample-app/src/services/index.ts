import type { Db } from '../plugins/db.ts';
import { UserService } from './user-service.ts';
import { PostService } from './post-service.ts';
import { CommentService } from './comment-service.ts';
import { TagService } from './tag-service.ts';
import { SubscriptionService } from './subscription-service.ts';
import { UserBulkService } from './user-bulk-service.ts';
import { UserCopyService } from './user-copy-service.ts';
import { PostCopyService } from './post-copy-service.ts';
import { PostPublishAllService } from './post-publish-all-service.ts';
import { TopAuthorsService } from './top-authors-service.ts';
import { PostsWindowService } from './posts-window-service.ts';

/** Builds every service once per app; routes get them through their plugin options. Strata adds new ones here. */
export function createServices(db: Db) {
  return {
    users: new UserService(db.sequelize, db.secrets),
    posts: new PostService(db.sequelize),
    comments: new CommentService(db.sequelize),
    tags: new TagService(db.sequelize),
    subscriptions: new SubscriptionService(db.sequelize),
    userBulk: new UserBulkService(db.database),
    userCopy: new UserCopyService(db.database),
    postCopy: new PostCopyService(db.database),
    postPublishAll: new PostPublishAllService(db.database),
    topAuthors: new TopAuthorsService(db.database),
    postsWindow: new PostsWindowService(db.database),
  };
}

/** The services routes can use. */
export type Services = ReturnType<typeof createServices>;
