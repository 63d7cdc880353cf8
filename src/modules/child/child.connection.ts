import { connectionType } from '../../common/connection';
import { Child } from './child.entity';

export const ChildConnection = connectionType(Child, 'child');
