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
  BelongsToMany,
} from 'sequelize-typescript';
import { key } from '../keys.ts';
import { User } from './user.ts';
import { Post } from './post.ts';
import { PostTag } from './post-tag.ts';

/** Tag, stored in table tags. */
@Table({
  tableName: 'tags',
  underscored: true,
  timestamps: true,
  indexes: [
    { name: 'uq_tags_name', fields: ['name'], unique: true },
    { name: 'idx_tags_created_by_id', fields: ['created_by_id'], unique: false },
  ],
})
export class Tag extends Model<InferAttributes<Tag>, InferCreationAttributes<Tag>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.STRING(50), allowNull: false })
  declare name: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.BIGINT, allowNull: true, get: key('createdById') })
  declare createdById: CreationOptional<number | null>;

  @BelongsTo(() => User, { foreignKey: 'createdById', onDelete: 'RESTRICT' })
  declare createdBy?: NonAttribute<User>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;

  @BelongsToMany(() => Post, () => PostTag)
  declare posts?: NonAttribute<Post[]>;
}
