import type { CreationOptional, InferAttributes, InferCreationAttributes, NonAttribute } from 'sequelize';
import {
  Column,
  CreatedAt,
  DataType,
  DefaultScope,
  Model,
  Scopes,
  Table,
  UpdatedAt,
  HasMany,
} from 'sequelize-typescript';
import { col, fn } from 'sequelize';
import { key } from '../keys.ts';
import { Post } from './post.ts';
import { Comment } from './comment.ts';
import { Tag } from './tag.ts';
import { Subscription } from './subscription.ts';

/** User, stored in table users. */
// Hashes are never read unless asked for: User.scope('withSecrets') (the service's verify uses it).
@DefaultScope(() => ({ attributes: { exclude: ['hashedPassword'] } }))
@Scopes(() => ({ withSecrets: {} }))
@Table({
  tableName: 'users',
  underscored: true,
  timestamps: true,
  indexes: [
    { name: 'uq_users_email', fields: [fn('lower', col('email'))], unique: true },
    { name: 'uq_users_username', fields: ['username'], unique: true },
    { name: 'idx_users_is_active', fields: ['is_active'], unique: false },
  ],
})
export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  @Column({ type: DataType.BIGINT, primaryKey: true, autoIncrement: true, get: key('id') })
  declare id: CreationOptional<number>;

  @Column({ type: DataType.STRING(255), allowNull: false })
  declare email: string;

  @Column({ type: DataType.STRING(50), allowNull: false })
  declare username: string;

  @Column({ type: DataType.STRING(255), allowNull: false })
  declare hashedPassword: string;

  @Column({ type: DataType.BOOLEAN, allowNull: false, defaultValue: true })
  declare isActive: CreationOptional<boolean>;

  @CreatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare createdAt: CreationOptional<Date>;

  @UpdatedAt
  @Column({ type: DataType.DATE, allowNull: false })
  declare updatedAt: CreationOptional<Date>;

  @HasMany(() => Post, { foreignKey: 'authorId', onDelete: 'CASCADE' })
  declare posts?: NonAttribute<Post[]>;

  @HasMany(() => Comment, { foreignKey: 'authorId', onDelete: 'SET NULL' })
  declare comments?: NonAttribute<Comment[]>;

  @HasMany(() => Tag, { foreignKey: 'createdById', onDelete: 'RESTRICT' })
  declare tags?: NonAttribute<Tag[]>;

  @HasMany(() => Subscription, { foreignKey: 'ownerId', onDelete: 'CASCADE' })
  declare subscriptions?: NonAttribute<Subscription[]>;
}
