import type { ModelCtor } from 'sequelize-typescript';
import { User } from './user.ts';
import { Post } from './post.ts';
import { Comment } from './comment.ts';
import { Tag } from './tag.ts';
import { Subscription } from './subscription.ts';
import { PostTag } from './post-tag.ts';

/** Every model of the app; strata adds new ones here. */
export const models: ModelCtor[] = [User, Post, Comment, Tag, Subscription, PostTag];
