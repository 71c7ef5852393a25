import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute } from 'sequelize';
import { BelongsTo, Column, CreatedAt, DataType, ForeignKey, Model, Table, UpdatedAt } from 'sequelize-typescript';
import { key } from '../keys.ts';
import { Post } from './post.ts';
import { Tag } from './tag.ts';

/** Post tag, stored in table post_tags. */
@Table({
  tableName: 'post_tags',
  underscored: true,
  timestamps: true,
  indexes: [
    { name: 'idx_post_tags_tag_id', fields: ['tag_id'], unique: false },
    { name: 'uq_post_tags_post_id_tag_id', fields: ['post_id', 'tag_id'], unique: true },
  ],
})
export class PostTag extends Model<InferAttributes<PostTag>, InferCreationAttributes<PostTag>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })
  declare id: CreationOptional<number>;

  @ForeignKey(() => Post)
  @Column({ type: DataType.BIGINT, allowNull: false, get: key('postId') })
  declare postId: number;

  @ForeignKey(() => Tag)
  @Column({ type: DataType.BIGINT, allowNull: false, get: key('tagId') })
  declare tagId: number;

  @BelongsTo(() => Post, { foreignKey: 'postId', onDelete: 'CASCADE' })
  declare post?: NonAttribute<Post>;

  @BelongsTo(() => Tag, { foreignKey: 'tagId', onDelete: 'CASCADE' })
  declare tag?: NonAttribute<Tag>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;
}
