import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute } from 'sequelize';
import {
  BelongsTo,
  Column,
  CreatedAt,
  DataType,
  ForeignKey,
  Model,
  Table,
  UpdatedAt,
  HasMany,
  BelongsToMany,
} from 'sequelize-typescript';
import { key } from '../keys.ts';
import { User } from './user.ts';
import { Comment } from './comment.ts';
import { Tag } from './tag.ts';
import { PostTag } from './post-tag.ts';

/** Post, stored in table posts. */
@Table({
  tableName: 'posts',
  underscored: true,
  timestamps: true,
  indexes: [
    { name: 'idx_posts_title', fields: ['title'], unique: false },
    { name: 'idx_posts_author_id', fields: ['author_id'], unique: false },
    { name: 'idx_post_author_published', fields: ['author_id', 'published'], unique: false },
  ],
})
export class Post extends Model<InferAttributes<Post>, InferCreationAttributes<Post>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.STRING(200), allowNull: false })
  declare title: string;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare content: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: false })
  declare published: CreationOptional<boolean>;

  @ForeignKey(() => User)
  @Column({ type: DataType.BIGINT, allowNull: false, get: key('authorId') })
  declare authorId: number;

  @BelongsTo(() => User, { foreignKey: 'authorId', onDelete: 'CASCADE' })
  declare author?: NonAttribute<User>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;

  @HasMany(() => Comment, { foreignKey: 'postId', onDelete: 'CASCADE' })
  declare comments?: NonAttribute<Comment[]>;

  @BelongsToMany(() => Tag, () => PostTag)
  declare tags?: NonAttribute<Tag[]>;
}
