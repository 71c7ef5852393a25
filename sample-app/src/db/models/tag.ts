import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute } from 'sequelize';
import { Column, CreatedAt, DataType, Model, Table, UpdatedAt, BelongsToMany } from 'sequelize-typescript';
import { Post } from './post.ts';
import { PostTag } from './post-tag.ts';

/** Tag, stored in table tags. */
@Table({
  tableName: 'tags',
  underscored: true,
  timestamps: true,
  indexes: [{ name: 'uq_tags_name', fields: ['name'], unique: true }],
})
export class Tag extends Model<InferAttributes<Tag>, InferCreationAttributes<Tag>> {
  @Column({ type: DataType.INTEGER, primaryKey: true, autoIncrement: true })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.STRING(50), allowNull: false })
  declare name: string;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;

  @BelongsToMany(() => Post, () => PostTag)
  declare posts?: NonAttribute<Post[]>;
}
