import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute } from 'sequelize';
import { BelongsTo, Column, CreatedAt, DataType, ForeignKey, Model, Table, UpdatedAt } from 'sequelize-typescript';
import { key } from '../keys.ts';
import { Post } from './post.ts';
import { User } from './user.ts';

/** Comment, stored in table comments. */
@Table({
  tableName: 'comments',
  underscored: true,
  timestamps: true,
  indexes: [
    { name: 'idx_comments_post_id', fields: ['post_id'], unique: false },
    { name: 'idx_comments_author_id', fields: ['author_id'], unique: false },
  ],
})
export class Comment extends Model<InferAttributes<Comment>, InferCreationAttributes<Comment>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.TEXT, allowNull: false })
  declare body: string;

  @ForeignKey(() => Post)
  @Column({ type: DataType.BIGINT, allowNull: false, get: key('postId') })
  declare postId: number;

  @ForeignKey(() => User)
  @Column({ type: DataType.BIGINT, allowNull: true, get: key('authorId') })
  declare authorId: CreationOptional<number | null>;

  @BelongsTo(() => Post, { foreignKey: 'postId', onDelete: 'CASCADE' })
  declare post?: NonAttribute<Post>;

  @BelongsTo(() => User, { foreignKey: 'authorId', onDelete: 'SET NULL' })
  declare author?: NonAttribute<User>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;
}
